// Agent desk notifications (docs/agent-desk.md "Notifications"): shows each
// {"type":"desk_notification"} frame of the agent socket /agent/ws as a toast
// and counts unseen ones in a badge. Pages that already hold the socket
// (ticket page, chat console) hand frames to window.deskdNotify; a page whose
// #desk-notify element has data-own-socket opens the socket itself. Text is
// always inserted as text, never as HTML.
(function () {
  'use strict';
  var root = document.getElementById('desk-notify');
  if (!root) return;
  var list = root.querySelector('.desk-toasts');
  var badge = root.querySelector('.desk-notify-badge');
  var unseen = 0;

  function setBadge(n) {
    unseen = n;
    if (!badge) return;
    badge.textContent = String(n);
    badge.hidden = n === 0;
  }

  function toast(frame) {
    if (!frame || frame.type !== 'desk_notification' || typeof frame.text !== 'string') return;
    var item = document.createElement('div');
    item.className = 'desk-toast desk-toast-' + String(frame.kind || '').replace(/[^a-z_]/g, '');
    item.setAttribute('role', 'status');
    item.dataset.ref = String(frame.ref || '');
    var text = document.createElement('span');
    text.className = 'desk-toast-text';
    text.textContent = frame.text;
    item.appendChild(text);
    if (typeof frame.url === 'string' && frame.url.indexOf('/agent/tickets/') === 0) {
      var link = document.createElement('a');
      link.href = frame.url;
      link.textContent = root.dataset.open || 'Open';
      item.appendChild(link);
    }
    var close = document.createElement('button');
    close.type = 'button';
    close.className = 'small secondary';
    close.setAttribute('aria-label', root.dataset.dismiss || 'Dismiss');
    close.textContent = '×';
    close.addEventListener('click', function () {
      item.remove();
      setBadge(Math.max(0, unseen - 1));
    });
    item.appendChild(close);
    list.prepend(item);
    while (list.children.length > 5) list.lastElementChild.remove();
    setBadge(unseen + 1);
  }
  window.deskdNotify = toast;

  if (!root.dataset.ownSocket || !window.WebSocket) return;
  var retry = 1000;
  function connect() {
    var scheme = location.protocol === 'https:' ? 'wss://' : 'ws://';
    var socket = new WebSocket(scheme + location.host + '/agent/ws');
    socket.onopen = function () { retry = 1000; };
    socket.onmessage = function (event) {
      var frame;
      try { frame = JSON.parse(event.data); } catch (e) { return; }
      toast(frame);
    };
    socket.onclose = function (event) {
      if (event.code === 4001) return;  // the session ended
      setTimeout(connect, retry);
      retry = Math.min(retry * 2, 30000);
    };
  }
  connect();
})();
