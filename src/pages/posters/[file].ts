/** Every episode's poster, in each encoding: /posters/<episode>.avif and .webp. */
import type { APIRoute, GetStaticPaths } from 'astro';
import { EPISODE_SLUGS, type EpisodeSlug } from '../../scroll/scenes.ts';
import { POSTER_FORMATS, posterFile, type PosterFormat } from '../../posters/poster-for.ts';

export const getStaticPaths = (() =>
  EPISODE_SLUGS.flatMap((slug) =>
    POSTER_FORMATS.map((format) => ({
      params: { file: `${slug}.${format}` },
      props: { slug, format },
    })),
  )) satisfies GetStaticPaths;

export const GET: APIRoute<{ slug: EpisodeSlug; format: PosterFormat }> = async ({ props }) =>
  new Response(await posterFile(props.slug, props.format), {
    headers: { 'content-type': `image/${props.format}` },
  });
