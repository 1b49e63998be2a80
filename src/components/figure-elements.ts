/**
 * Every figure's custom element, and the share controls, in one module: the article and the
 * embed pages load this single small script (the elements are light; each loads its heavy view
 * on demand), which compresses better than six separate ones.
 */
import { ForwardFigureElement } from './forward-figure.ts';
import { ReverseFigureElement } from './reverse-figure.ts';
import { PromptsFigureElement } from './prompts-figure.ts';
import { StepsFigureElement } from './steps-figure.ts';
import { GuidanceFigureElement } from './guidance-figure.ts';
import { FigureShareElement } from '../share/figure-share.ts';
import { yieldToMain } from '../render/yield-to-main.ts';

/** Tag and class, in the order the figures stand in the article. */
const ELEMENTS: readonly (readonly [string, CustomElementConstructor])[] = [
  ['figure-share', FigureShareElement],
  ['forward-figure', ForwardFigureElement],
  ['reverse-figure', ReverseFigureElement],
  ['prompts-figure', PromptsFigureElement],
  ['steps-figure', StepsFigureElement],
  ['guidance-figure', GuidanceFigureElement],
];

/**
 * Defines the elements one task each. Defining one upgrades every such element on the page at
 * once (constructor, first render of its state, its observers): all six in the script's own
 * task made one long task while a phone was still laying out the article, and input waited.
 * Resolves once all are defined; a tag already defined (the module loaded twice) is left alone.
 */
export async function defineFigureElements(): Promise<void> {
  for (const [tag, element] of ELEMENTS) {
    if (!customElements.get(tag)) customElements.define(tag, element);
    await yieldToMain();
  }
}
