/** Static oEmbed (type "rich") for each embed page, so platforms that read oEmbed can unfurl it. */
import type { APIRoute, GetStaticPaths } from 'astro';
import { getCollection } from 'astro:content';
import { EMBED_DEFAULT_HEIGHT, embedSnippet } from '../../../share/embed-snippet.ts';

export const getStaticPaths = (async () => {
  const episodes = await getCollection('episodes');
  return episodes.map((e) => ({
    params: { episode: e.data.slug },
    props: { title: e.data.title, number: e.data.number },
  }));
}) satisfies GetStaticPaths;

export const GET: APIRoute = ({ params, props, site }) => {
  const base = import.meta.env.BASE_URL.replace(/\/?$/, '/');
  const origin = site ?? new URL('https://example.org');
  const src = new URL(`${base}embed/${params.episode}/`, origin).href;
  const title = `EP 0${props.number}: ${props.title}`;
  const body = {
    version: '1.0',
    type: 'rich',
    title,
    provider_name: 'Painting by Un-Destroying',
    provider_url: new URL(base, origin).href,
    width: 640,
    height: EMBED_DEFAULT_HEIGHT,
    html: embedSnippet(src, title),
  };
  return new Response(JSON.stringify(body, null, 2), {
    headers: { 'content-type': 'application/json+oembed' },
  });
};
