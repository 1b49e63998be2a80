declare namespace App {
  interface Locals {
    /**
     * Set by a page whose figure fills its first screen (an embed): the figure's poster is then
     * that page's largest paint, so it loads at once and ahead of the scripts instead of lazily.
     */
    posterFirst?: boolean;
  }
}
