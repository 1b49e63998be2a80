/**
 * Defines every figure's custom element, and the share controls, in one module: the article and
 * the embed pages load this single small script (the elements are light; each loads its heavy
 * view on demand), which compresses better than six separate ones.
 */
import './forward-figure.ts';
import './reverse-figure.ts';
import './prompts-figure.ts';
import './steps-figure.ts';
import './guidance-figure.ts';
import '../share/figure-share.ts';
