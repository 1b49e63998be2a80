/*
 * Painting by Un-Destroying — optional embed loader. Add once to a page that has embed iframes:
 *   <script src="https://…/embed.js" async></script>
 * It sizes every embed iframe to its content from the height the embed reports.
 */
(function () {
  var TYPE = 'painting-by-un-destroying:height';
  window.addEventListener('message', function (event) {
    var data = event.data;
    if (!data || data.type !== TYPE || typeof data.height !== 'number') return;
    var height = Math.round(data.height);
    if (!(height > 50 && height < 20000)) return;
    var frames = document.getElementsByTagName('iframe');
    for (var i = 0; i < frames.length; i++) {
      if (frames[i].contentWindow === event.source) {
        frames[i].style.height = height + 'px';
        frames[i].setAttribute('scrolling', 'no');
      }
    }
  });
})();
