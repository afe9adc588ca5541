// Agent ticket page: who else is viewing this ticket and who is typing a reply
// (messenger/ticket_presence.h). Talks to the agent socket /agent/ws; the
// page works without it. Strings come translated in data- attributes.
(function () {
  'use strict';
  var box = document.getElementById('ticket-presence');
  if (!box || !window.WebSocket) return;
  var ref = box.dataset.ref;
  var me = Number(box.dataset.me);
  var viewingLine = document.getElementById('presence-viewing');
  var typingLine = document.getElementById('presence-typing');
  var textarea = document.querySelector('#reply-form textarea[name="message"]');
  var socket = null;
  var retry = 1000;
  var typing = false;
  var idleTimer = null;

  function send(frame) {
    if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(frame));
  }

  function show(agents) {
    var others = agents.filter(function (a) { return a.id !== me; });
    var names = others.map(function (a) { return a.name; });
    viewingLine.textContent = box.dataset.viewing.replace('{names}', names.join(', '));
    viewingLine.hidden = names.length === 0;
    var typist = others.filter(function (a) { return a.typing; })[0];
    typingLine.textContent = typist ? box.dataset.typing.replace('{name}', typist.name) : '';
    typingLine.hidden = !typist;
  }

  function setTyping(on) {
    if (typing === on) return;
    typing = on;
    send({ type: 'ticket_typing', ref: ref, on: on });
  }

  function connect() {
    var scheme = location.protocol === 'https:' ? 'wss://' : 'ws://';
    socket = new WebSocket(scheme + location.host + '/agent/ws');
    socket.onopen = function () {
      retry = 1000;
      send({ type: 'ticket_view', ref: ref });
      if (typing) send({ type: 'ticket_typing', ref: ref, on: true });
    };
    socket.onmessage = function (event) {
      var frame;
      try { frame = JSON.parse(event.data); } catch (e) { return; }
      if (frame.type === 'ticket_presence' && frame.ref === ref) show(frame.agents || []);
      if (frame.type === 'desk_notification' && window.deskdNotify) window.deskdNotify(frame);
    };
    socket.onclose = function (event) {
      socket = null;
      show([]);
      if (event.code === 4001) return;  // the session ended: nothing to resume
      setTimeout(connect, retry);
      retry = Math.min(retry * 2, 30000);
    };
  }

  if (textarea) {
    textarea.addEventListener('input', function () {
      setTyping(textarea.value.length > 0);
      clearTimeout(idleTimer);
      idleTimer = setTimeout(function () { setTyping(false); }, 5000);
    });
    textarea.addEventListener('blur', function () { setTyping(false); });
  }
  window.addEventListener('pagehide', function () { send({ type: 'ticket_leave', ref: ref }); });
  connect();
})();
