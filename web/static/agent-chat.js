/* deskd agent chat console (/agent/chats). Talks to /agent/ws (docs/messenger.md);
   the page's session cookie authenticates the socket. No framework; every text
   from the server or a visitor is inserted with textContent. Loaded with
   script-src 'self': nothing inline. */
(function () {
  'use strict';
  var root = document.getElementById('chat-console');
  if (!root || !window.WebSocket) return;

  var me = Number(root.getAttribute('data-me'));
  var S = {};
  try { S = JSON.parse(root.getAttribute('data-strings') || '{}'); } catch (e) { S = {}; }
  var TYPING_IDLE_MS = 3000, TYPING_SHOW_MS = 6000;

  var $ = function (id) { return document.getElementById(id); };
  var els = {
    presence: $('chat-presence'), sound: $('chat-sound'), connection: $('chat-connection'), error: $('chat-error'),
    queueBox: $('chat-queue-box'), queue: $('chat-queue'), queueCount: $('chat-queue-count'),
    queueMore: $('chat-queue-more'), queueEmpty: $('chat-queue-empty'), panes: $('chat-panes'), none: $('chat-none')
  };

  var ws = null, retries = 0, lastId = 0;
  var seenQueue = {};          // chat id -> true once shown in the queue
  var panes = {};              // chat id -> pane state
  var roster = [];             // [{id, name, status}]
  var audio = null;
  var baseTitle = document.title;

  function t(key, vars) {
    var s = S[key] || key;
    Object.keys(vars || {}).forEach(function (k) { s = s.split('{' + k + '}').join(String(vars[k])); });
    return s;
  }
  function el(tag, attrs, kids) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'text') e.textContent = attrs[k];
      else if (k === 'class') e.className = attrs[k];
      else e.setAttribute(k, attrs[k]);
    });
    (kids || []).forEach(function (c) { if (c) e.appendChild(c); });
    return e;
  }
  function clear(e) { while (e.firstChild) e.removeChild(e.firstChild); }
  function time(ms) { return ms ? new Date(ms).toLocaleString() : ''; }
  function uid() { return Date.now().toString(36) + Math.random().toString(36).slice(2, 10); }
  function send(obj) { if (ws && ws.readyState === 1) { ws.send(JSON.stringify(obj)); return true; } return false; }
  function showError(text) {
    els.error.textContent = text;
    els.error.hidden = !text;
    if (text) setTimeout(function () { if (els.error.textContent === text) els.error.hidden = true; }, 8000);
  }
  function setConnection(key, cls) {
    els.connection.textContent = t(key);
    els.connection.className = 'chat-connection ' + (cls || '');
  }

  // --- alert: a short WebAudio beep plus a flashing queue and title ----------
  // Browsers allow audio only after a user gesture: the context is created on the first one.
  function unlockAudio() {
    if (audio || !(window.AudioContext || window.webkitAudioContext)) return;
    audio = new (window.AudioContext || window.webkitAudioContext)();
  }
  document.addEventListener('click', unlockAudio);
  document.addEventListener('keydown', unlockAudio);
  function beep() {
    if (!audio || !els.sound.checked) return;
    var now = audio.currentTime;
    [0, 0.22].forEach(function (offset) {
      var osc = audio.createOscillator(), gain = audio.createGain();
      osc.type = 'sine';
      osc.frequency.value = 880;
      gain.gain.setValueAtTime(0.0001, now + offset);
      gain.gain.exponentialRampToValueAtTime(0.25, now + offset + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, now + offset + 0.18);
      osc.connect(gain).connect(audio.destination);
      osc.start(now + offset);
      osc.stop(now + offset + 0.2);
    });
  }
  function alertNewChat() {
    els.queueBox.classList.remove('alert');
    void els.queueBox.offsetWidth;  // restart the animation
    els.queueBox.classList.add('alert');
    if (document.hidden) document.title = '(!) ' + t('new_chat') + ' · ' + baseTitle;
    beep();
  }
  document.addEventListener('visibilitychange', function () { if (!document.hidden) document.title = baseTitle; });

  // --- queue: a page on connect (the newest chats and the total), then queued/dequeued deltas
  // carrying the new total. Only the newest page is kept and shown; the rest is a count, so a
  // flooded queue costs the console a bounded list. When accepts and ends thin the page out
  // while more chats wait, the console asks for the page again (at most once a second).
  var queued = {};             // chat id -> chat (with its last messages), the newest pageSize
  var queueTotal = 0, pageSize = 50, refillTimer = null;
  function queuedList() {
    return Object.keys(queued).map(function (id) { return queued[id]; })
      .sort(function (a, b) { return a.created_ms - b.created_ms || a.id - b.id; });
  }
  function renderQueue() {
    clear(els.queue);
    var chats = queuedList();
    chats.forEach(function (c) {
      var msgs = c.messages || [];
      var latest = msgs.length ? msgs[msgs.length - 1].body : '';
      var accept = el('button', { type: 'button', text: t('accept'), 'data-chat': String(c.id) });
      accept.addEventListener('click', function () {
        accept.disabled = true;
        send({ type: 'accept', chat_id: c.id });
      });
      els.queue.appendChild(el('li', { 'data-chat': String(c.id) }, [
        el('span', { class: 'who', text: c.name || t('visitor') }), document.createTextNode(' '),
        el('time', { class: 'muted', text: time(c.created_ms) }),
        el('span', { class: 'preview', text: latest }), accept
      ]));
    });
    var total = Math.max(queueTotal, chats.length), more = total - chats.length;
    els.queueCount.textContent = String(total);
    els.queueMore.textContent = more > 0 ? t('queue_more', { n: more }) : '';
    els.queueMore.hidden = more <= 0;
    els.queueEmpty.hidden = total > 0;
    if (!total) els.queueBox.classList.remove('alert');
  }
  function setTotal(total, delta) {
    queueTotal = typeof total === 'number' ? total : Math.max(0, queueTotal + delta);
  }
  function trimQueue() {
    var chats = queuedList();
    for (var i = 0; i < chats.length - pageSize; ++i) delete queued[chats[i].id];
  }
  function setQueue(e) {
    queued = {};
    if (e.limit > 0) pageSize = e.limit;
    (e.chats || []).forEach(function (c) { queued[c.id] = c; seenQueue[c.id] = true; });
    setTotal(e.total, 0);
    trimQueue();
    renderQueue();
  }
  function enqueue(c, total) {
    var fresh = !seenQueue[c.id];
    seenQueue[c.id] = true;
    queued[c.id] = c;
    setTotal(total, fresh ? 1 : 0);
    trimQueue();
    renderQueue();
    if (fresh && els.presence.checked) alertNewChat();
  }
  function dequeue(id, total) {
    var shown = !!queued[id];
    delete queued[id];
    setTotal(total, -1);
    renderQueue();
    if (shown && queueTotal > Object.keys(queued).length && !refillTimer) {
      refillTimer = setTimeout(function () { refillTimer = null; send({ type: 'queue' }); }, 1000);
    }
  }

  // --- conversation panes ---------------------------------------------------------
  function pane(chat) {
    var p = panes[chat.id];
    if (p) return p;
    p = panes[chat.id] = { id: chat.id, ids: {}, typingTimer: null, typingOff: null, typingSent: false };
    p.title = el('h2');
    p.status = el('p', { class: 'muted' });
    p.log = el('ol', { class: 'chat-log', 'aria-live': 'polite' });
    p.typing = el('p', { class: 'chat-typing', 'aria-live': 'polite' });
    p.input = el('textarea', { rows: '3', maxlength: '5000', 'aria-label': t('reply_label') });
    p.sendBtn = el('button', { type: 'submit', text: t('send') });
    p.form = el('form', { class: 'chat-composer' }, [p.input, el('div', { class: 'chat-actions' }, [p.sendBtn])]);
    p.endBtn = el('button', { type: 'button', class: 'secondary', text: t('end') });
    p.transferSel = el('select', { 'aria-label': t('transfer_label') });
    p.transferBtn = el('button', { type: 'button', class: 'secondary', text: t('transfer') });
    p.closeBtn = el('button', { type: 'button', class: 'secondary', text: t('close_pane'), hidden: 'hidden' });
    p.side = el('aside', { class: 'chat-side' });
    p.root = el('section', { class: 'chat-pane', 'data-chat': String(chat.id) }, [
      el('div', { class: 'chat-main' }, [p.title, p.status, p.log, p.typing, p.form,
        el('div', { class: 'chat-actions' }, [el('label', { text: t('transfer_label') + ' ' }, [p.transferSel]),
          p.transferBtn, p.endBtn, p.closeBtn])]),
      p.side
    ]);
    p.form.addEventListener('submit', function (e) {
      e.preventDefault();
      var body = p.input.value.trim();
      if (!body) return;
      var cid = uid();
      if (!send({ type: 'message', chat_id: chat.id, body: body, client_id: cid })) return;
      addMessage({ chat_id: chat.id, author: 'agent', name: t('you'), body: body, client_id: cid, pending: true });
      p.input.value = '';
      stopTyping(p);
    });
    p.input.addEventListener('keydown', function (e) {
      if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); p.form.requestSubmit ? p.form.requestSubmit() : p.sendBtn.click(); }
    });
    p.input.addEventListener('input', function () {
      if (!p.typingSent) { p.typingSent = true; send({ type: 'typing', chat_id: chat.id, on: true }); }
      clearTimeout(p.typingTimer);
      p.typingTimer = setTimeout(function () { stopTyping(p); }, TYPING_IDLE_MS);
    });
    p.endBtn.addEventListener('click', function () { send({ type: 'end', chat_id: chat.id }); });
    p.transferBtn.addEventListener('click', function () {
      var to = Number(p.transferSel.value);
      if (to) send({ type: 'transfer', chat_id: chat.id, agent_id: to });
    });
    p.closeBtn.addEventListener('click', function () { removePane(chat.id); });
    els.panes.insertBefore(p.root, els.panes.firstChild);
    els.none.hidden = true;
    renderTransfer(p);
    return p;
  }
  function removePane(id) {
    var p = panes[id];
    if (!p) return;
    p.root.parentNode.removeChild(p.root);
    delete panes[id];
    els.none.hidden = Object.keys(panes).length > 0;
  }
  function stopTyping(p) {
    clearTimeout(p.typingTimer);
    if (p.typingSent) { p.typingSent = false; send({ type: 'typing', chat_id: p.id, on: false }); }
  }
  function updateChat(chat) {
    var mine = chat.agent && chat.agent.id === me;
    if (!mine) {
      if (panes[chat.id]) removePane(chat.id);  // transferred away
      return;
    }
    var p = pane(chat);
    p.chat = chat;
    p.root.dataset.visitorName = chat.name || '';  // for canned replies' {{requester.name}} (agent-canned.js)
    p.title.textContent = (chat.name || t('visitor')) + (chat.email ? ' <' + chat.email + '>' : '');
    p.status.textContent = t('status_' + chat.status) + ' · ' + time(chat.created_ms);
    var ended = chat.status === 'ended';
    p.root.classList.toggle('ended', ended);
    [p.input, p.sendBtn, p.endBtn, p.transferSel, p.transferBtn].forEach(function (c) { c.disabled = ended; });
    p.closeBtn.hidden = !ended;
    if (ended) { p.typing.textContent = ''; p.status.textContent = t('ended'); }
    (chat.messages || []).forEach(addMessage);
  }
  function addMessage(m) {
    var p = panes[m.chat_id];
    if (!p) return;
    if (m.id !== undefined) {
      if (m.id > lastId) lastId = m.id;
      if (p.ids[m.id]) return;
      p.ids[m.id] = true;
    }
    var item = null;
    if (m.client_id && !m.pending) item = p.log.querySelector('li[data-client="' + CSS.escape(m.client_id) + '"]');
    var li = el('li', { class: m.author + (m.pending ? ' pending' : ''), 'data-id': m.id === undefined ? '' : String(m.id) }, [
      el('span', { class: 'meta', text: (m.author === 'agent' ? (m.name || t('you')) : (m.name || t('visitor'))) +
        (m.at_ms ? ' · ' + time(m.at_ms) : '') }),
      document.createTextNode(m.body)
    ]);
    if (m.client_id) li.setAttribute('data-client', m.client_id);
    if (item) { p.log.replaceChild(li, item); } else { p.log.appendChild(li); }
    if (m.author === 'visitor') p.typing.textContent = '';
    p.log.scrollTop = p.log.scrollHeight;
  }
  function renderVisitor(v) {
    var p = panes[v.chat_id];
    if (!p) return;
    clear(p.side);
    p.side.appendChild(el('h3', { text: t('previous_chats') }));
    if (!v.previous_chats.length) p.side.appendChild(el('p', { class: 'muted', text: t('no_previous') }));
    else p.side.appendChild(el('ul', {}, v.previous_chats.map(function (c) {
      return el('li', {}, [el('time', { text: time(c.created_ms) }), document.createTextNode(' · ' + t('status_' + c.status) +
        ' · ' + t('messages_count', { n: c.message_count || 0 })), el('span', { class: 'preview', text: c.preview ? ' — ' + c.preview : '' })]);
    })));
    p.side.appendChild(el('h3', { text: t('page_views') }));
    if (!v.page_views.length) p.side.appendChild(el('p', { class: 'muted', text: t('no_page_views') }));
    else p.side.appendChild(el('ul', {}, v.page_views.map(function (pv) {
      return el('li', {}, [el('span', { text: pv.title || pv.path }), el('span', { class: 'muted', text: ' ' + pv.path + ' · ' + time(pv.at_ms) })]);
    })));
  }
  function renderTransfer(p) {
    clear(p.transferSel);
    var others = roster.filter(function (a) { return a.id !== me && a.status === 'online'; });
    others.forEach(function (a) { p.transferSel.appendChild(el('option', { value: String(a.id), text: a.name })); });
    if (!others.length) p.transferSel.appendChild(el('option', { value: '', text: t('transfer_none') }));
    var ended = p.chat && p.chat.status === 'ended';
    p.transferBtn.disabled = ended || !others.length;
  }
  function showTyping(e) {
    var p = panes[e.chat_id];
    if (!p) return;
    clearTimeout(p.typingOff);
    p.typing.textContent = e.on ? t('typing', { name: e.name || t('visitor') }) : '';
    if (e.on) p.typingOff = setTimeout(function () { p.typing.textContent = ''; }, TYPING_SHOW_MS);
  }

  // --- socket ---------------------------------------------------------------------
  function onEvent(e) {
    switch (e.type) {
      case 'queue': setQueue(e); break;
      case 'queued': if (e.chat) enqueue(e.chat, e.total); break;
      case 'dequeued': dequeue(e.chat_id, e.total); break;
      case 'chat': if (e.chat) updateChat(e.chat); break;
      case 'message':
        if (queued[e.chat_id]) { (queued[e.chat_id].messages = queued[e.chat_id].messages || []).push(e); renderQueue(); }
        addMessage(e);
        break;
      case 'ack': {
        // The message itself usually arrived first (published before the ack); this settles a pending copy.
        var pa = panes[e.chat_id];
        var li = pa && pa.log.querySelector('li.pending[data-client="' + CSS.escape(e.client_id) + '"]');
        if (li) { li.classList.remove('pending'); li.setAttribute('data-id', String(e.id)); pa.ids[e.id] = true; }
        if (e.id > lastId) lastId = e.id;
        break;
      }
      case 'typing': showTyping(e); break;
      case 'desk_notification': if (window.deskdNotify) window.deskdNotify(e); break;
      case 'visitor': renderVisitor(e); break;
      case 'roster':
        roster = e.agents || [];
        Object.keys(panes).forEach(function (id) { renderTransfer(panes[id]); });
        break;
      case 'error':
        showError(t('error', { message: e.message || e.error }));
        if (e.chat_id) {
          var b = els.queue.querySelector('button[data-chat="' + e.chat_id + '"]');
          if (b) b.disabled = false;
        }
        break;
    }
  }
  function connect() {
    setConnection(retries ? 'disconnected' : 'connecting', retries ? 'down' : '');
    var url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/agent/ws';
    ws = new WebSocket(url);
    ws.onopen = function () {
      retries = 0;
      setConnection('connected', 'ok');
      if (!els.presence.checked) send({ type: 'presence', status: 'away' });
      if (lastId) send({ type: 'resume', last_id: lastId });
    };
    ws.onmessage = function (m) {
      var e;
      try { e = JSON.parse(m.data); } catch (err) { return; }
      onEvent(e);
    };
    ws.onclose = function (ev) {
      ws = null;
      if (ev.code === 4001) {  // the agent session ended (logout, revoked, disabled): sign in again
        location.href = '/agent/login?return_to=' + encodeURIComponent(location.pathname);
        return;
      }
      setConnection('disconnected', 'down');
      var delay = Math.min(30000, 1000 * Math.pow(2, retries++)) * (0.5 + Math.random() / 2);
      setTimeout(connect, delay);
    };
  }
  els.presence.addEventListener('change', function () {
    send({ type: 'presence', status: els.presence.checked ? 'online' : 'away' });
  });
  connect();
})();
