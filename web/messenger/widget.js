/* deskd Messenger widget (docs/messenger.md). Started by loader.js with
   DeskdMessenger.start(config, opts): config is the `config` of /messenger/setup,
   or null when the loader used its cached bundle URL (the widget then asks
   setup itself when the visitor opens it); opts = {origin, lang, visitor, consent}.
   Renders in an open shadow root on its own host element; every text from the
   server or the visitor is inserted with textContent. Writes no cookie before
   the visitor opens the launcher, and none at all without consent or when the
   page passed a visitor id (Help Center pages). Without consent a guest's chats
   are tied to the browser session instead: the visitor id lives in
   sessionStorage (this tab, until it closes), never in a cookie (SPEC §1.3). */
(function () {
  'use strict';
  var w = window, d = document;
  var CSS_PATH = '__DESKD_CSS__';
  var VISITOR_COOKIE = 'dp_v', VISITOR_MAX_AGE = 34214400, VISITOR_RE = /^[A-Za-z0-9_-]{32}$/;
  var SESSION_VISITOR_KEY = 'deskd.messenger.visitor';  // sessionStorage, used only without consent
  var CONFIG_MAX_AGE_MS = 60000, TYPING_IDLE_MS = 3000, TYPING_SHOW_MS = 6000, SEARCH_DELAY_MS = 250;
  var MAX_RATE_LIMITED_RETRIES = 20;  // sends of one message refused as too fast (429) before it is marked failed
  var M = w.DeskdMessenger = w.DeskdMessenger || {};
  if (M.start) return;

  // --- small helpers -------------------------------------------------------
  function el(tag, attrs, kids) {
    var e = d.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      var v = attrs[k];
      if (v === null || v === undefined || v === false) return;
      if (k === 'text') e.textContent = v;
      else if (k.slice(0, 2) === 'on') e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v === true ? '' : v);
    });
    (kids || []).forEach(function (c) { if (c) e.appendChild(typeof c === 'string' ? d.createTextNode(c) : c); });
    return e;
  }
  function svg(path) {
    var ns = 'http://www.w3.org/2000/svg', s = d.createElementNS(ns, 'svg'), p = d.createElementNS(ns, 'path');
    s.setAttribute('viewBox', '0 0 24 24');
    s.setAttribute('aria-hidden', 'true');
    p.setAttribute('d', path);
    s.appendChild(p);
    return s;
  }
  function clear(e) { while (e.firstChild) e.removeChild(e.firstChild); return e; }
  function show(e, on) { if (on) e.removeAttribute('hidden'); else e.setAttribute('hidden', ''); }
  function getCookie(name) {
    var m = d.cookie.match('(?:^|; )' + name + '=([^;]*)');
    return m ? m[1] : '';
  }
  // The visitor id of this browser session (no consent); storage may be off.
  function sessionVisitor() {
    try { return w.sessionStorage.getItem(SESSION_VISITOR_KEY) || ''; } catch (e) { return ''; }
  }
  function keepSessionVisitor(id) {
    try {
      if (id) w.sessionStorage.setItem(SESSION_VISITOR_KEY, id);
      else w.sessionStorage.removeItem(SESSION_VISITOR_KEY);
    } catch (e) { /* private mode or storage disabled: the chat lasts as long as the page */ }
  }
  // Stored messages by id; pending ones (no id yet) after them.
  function order(m) { return typeof m.id === 'number' ? m.id : 1e15; }
  function uid() { return 'c' + Date.now().toString(36) + Math.random().toString(36).slice(2, 10); }
  var ICON_CHAT = 'M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2z';
  var ICON_CLOSE = 'M6 6l12 12M18 6L6 18';

  M.start = function (config, opts) {
    if (M.widget) return M.widget;
    M.widget = new Widget(config, opts || {});
    return M.widget;
  };

  function Widget(config, opts) {
    var origin = opts.origin || '';
    this.origin = origin;
    this.lang = (config && config.lang) || opts.lang || 'en';
    this.consent = opts.consent !== false;
    this.pageVisitor = VISITOR_RE.test(opts.visitor || '') ? opts.visitor : '';
    var kept = this.pageVisitor ? '' : this.consent ? getCookie(VISITOR_COOKIE) : sessionVisitor();
    this.visitor = this.pageVisitor || (VISITOR_RE.test(kept) ? kept : '');
    this.api = (config && config.api) || origin + '/messenger/api';
    this.wsUrl = (config && config.ws) || origin.replace(/^http/, 'ws') + '/messenger/ws';
    this.config = config;
    this.configAt = config ? Date.now() : 0;
    this.chats = {};          // id -> {id, status, agent_name, created_ms, messages: [], ids: {}}
    this.order = [];          // chat ids, newest first
    this.current = null;      // the open (queued/active) chat shown in the chat view
    this.lastId = 0;
    this.unread = 0;
    this.opened = false;
    this.ws = null;
    this.retries = 0;
    this.built = false;
    this.buildShell();
    if (this.visitor) this.loadChats(true);
  }
  var P = Widget.prototype;

  P.t = function (key, vars) {
    var s = (this.config && this.config.strings && this.config.strings[key]) || key;
    Object.keys(vars || {}).forEach(function (k) { s = s.split('{' + k + '}').join(String(vars[k])); });
    return s;
  };

  // --- network ---------------------------------------------------------------
  P.request = function (method, path, body) {
    var self = this, headers = {};
    if (this.visitor) headers['X-DP-Visitor'] = this.visitor;
    if (body) headers['Content-Type'] = 'application/json';
    return fetch(this.api + path, {
      method: method, headers: headers, mode: 'cors', credentials: 'omit',
      body: body ? JSON.stringify(body) : undefined
    }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (j) {
        // An id the server no longer accepts (e.g. one from an older version): forget it, so
        // the next interaction asks for a fresh one. A page's own id is never dropped.
        if (r.status === 400 && j.error === 'visitor' && !self.pageVisitor) self.forgetVisitor();
        if (!r.ok) {
          var e = new Error(j.message || ('HTTP ' + r.status));
          e.status = r.status;
          e.retryAfterS = j.retry_after_s || 0;
          throw e;
        }
        return j;
      });
    });
  };
  P.forgetVisitor = function () {
    this.visitor = '';
    if (!this.consent) keepSessionVisitor('');
    if (this.consent && getCookie(VISITOR_COOKIE)) {
      d.cookie = VISITOR_COOKIE + '=; Path=/; SameSite=Lax; Max-Age=0' + (location.protocol === 'https:' ? '; Secure' : '');
    }
  };

  // The setup config (strings, agents_online): asked when the panel opens and
  // the loader did not pass one, or it is older than a minute.
  P.ensureConfig = function () {
    var self = this;
    if (this.config && Date.now() - this.configAt < CONFIG_MAX_AGE_MS) return Promise.resolve(this.config);
    var q = this.lang ? '?lang=' + encodeURIComponent(this.lang) : '';
    return fetch(this.origin + '/messenger/setup' + q, { mode: 'cors', credentials: 'omit' })
      .then(function (r) { if (!r.ok) throw new Error('setup answered ' + r.status); return r.json(); })
      .then(function (j) {
        self.config = j.config || {};
        self.configAt = Date.now();
        if (self.config.lang) self.lang = self.config.lang;
        return self.config;
      });
  };

  // A visitor id: the page's, the dp_v cookie's, or a fresh one from the server
  // (kept in dp_v when the visitor consented and the page gave none, else in
  // sessionStorage for this browser session).
  P.ensureVisitor = function () {
    var self = this;
    if (this.visitor) return Promise.resolve(this.visitor);
    return this.request('POST', '/visitor').then(function (j) {
      if (!VISITOR_RE.test(j.visitor || '')) throw new Error('bad visitor id');
      self.visitor = j.visitor;
      if (self.consent && !self.pageVisitor) {
        d.cookie = VISITOR_COOKIE + '=' + j.visitor + '; Path=/; SameSite=Lax; Max-Age=' + VISITOR_MAX_AGE +
          (location.protocol === 'https:' ? '; Secure' : '');
      } else if (!self.pageVisitor) {
        keepSessionVisitor(j.visitor);
      }
      return j.visitor;
    });
  };

  P.loadChats = function (quiet) {
    var self = this;
    return this.request('GET', '/chats').then(function (j) {
      self.loadedChats = true;
      (j.chats || []).slice().reverse().forEach(function (c) { self.addChat(c); });
      var open = self.order.filter(function (id) { return self.isOpen(self.chats[id]); })[0];
      if (open) {
        self.current = open;
        self.connect();
      }
      if (self.built) self.render();
    }).catch(function (e) { if (!quiet) self.error(e); });
  };

  P.connect = function () {
    var self = this;
    if (this.ws || !this.visitor) return;
    clearTimeout(this.retryTimer);
    var ws = this.ws = new WebSocket(this.wsUrl + '?visitor=' + encodeURIComponent(this.visitor));
    ws.onopen = function () {
      self.retries = 0;
      ws.send(JSON.stringify({ type: 'resume', last_id: self.lastId }));
      if (self.built) show(self.els.reconnecting, false);
    };
    ws.onmessage = function (e) {
      var m;
      try { m = JSON.parse(e.data); } catch (err) { return; }
      self.onEvent(m);
    };
    ws.onclose = function () {
      if (self.ws !== ws) return;
      self.ws = null;
      if (!self.hasOpenChat()) return;
      if (self.built) show(self.els.reconnecting, true);
      // Exponential backoff with jitter: 1 s, 2 s, 4 s ... at most 30 s.
      var delay = Math.min(30000, 1000 * Math.pow(2, self.retries++)) * (0.5 + Math.random() / 2);
      self.retryTimer = setTimeout(function () { self.connect(); }, delay);
    };
  };

  P.wsSend = function (obj) {
    if (this.ws && this.ws.readyState === 1) this.ws.send(JSON.stringify(obj));
  };

  // --- state -------------------------------------------------------------------
  P.isOpen = function (c) { return c && (c.status === 'queued' || c.status === 'active'); };
  P.hasOpenChat = function () {
    var self = this;
    return this.order.some(function (id) { return self.isOpen(self.chats[id]); });
  };

  P.addChat = function (c) {
    var chat = this.chats[c.id];
    if (!chat) {
      chat = this.chats[c.id] = { id: c.id, messages: [], ids: {}, created_ms: c.created_ms };
      this.order.unshift(c.id);
    }
    if (c.status) chat.status = c.status;
    if (c.agent && c.agent.name) chat.agent_name = c.agent.name;
    var self = this;
    (c.messages || []).forEach(function (m) { self.addMessage(m, true); });
    return chat;
  };

  // Stores a message once (dedupe by id; a pending copy with the same client_id
  // is replaced). Returns true when it was new.
  P.addMessage = function (m, quiet) {
    if (!m || m.id === undefined) return false;
    var chat = this.chats[m.chat_id] || this.addChat({ id: m.chat_id, status: 'active' });
    if (m.id > this.lastId) this.lastId = m.id;
    if (chat.ids[m.id]) return false;
    chat.ids[m.id] = true;
    var pending = m.client_id && chat.messages.filter(function (x) { return x.pending && x.client_id === m.client_id; })[0];
    if (pending) chat.messages[chat.messages.indexOf(pending)] = m;
    else chat.messages.push(m);
    chat.messages.sort(function (a, b) { return order(a) - order(b); });
    if (!quiet && m.author === 'agent' && !(this.opened && this.current === chat.id)) {
      this.unread++;
      this.renderBadge();
    }
    return true;
  };

  P.onEvent = function (e) {
    if (e.type === 'message') {
      if (this.addMessage(e, false) && e.author === 'agent') this.setTyping(e.chat_id, false);
      if (this.built) this.renderChat();
    } else if (e.type === 'chat' && e.chat) {
      this.addChat(e.chat);
      if (this.isOpen(this.chats[e.chat.id])) this.current = e.chat.id;
      if (this.built) this.render();
      if (!this.hasOpenChat() && this.ws) { var ws = this.ws; this.ws = null; ws.close(1000); }
    } else if (e.type === 'typing') {
      this.setTyping(e.chat_id, !!e.on, e.name);
    } else if (e.type === 'agents') {
      if (this.config) this.config.agents_online = !!e.online;
      if (this.built && !this.current) this.render();
    }
  };

  P.setTyping = function (chatId, on, name) {
    if (!this.built || chatId !== this.current) return;
    var self = this, chat = this.chats[chatId];
    clearTimeout(this.typingShowTimer);
    this.els.typing.textContent = on ? this.t('typing', { name: name || (chat && chat.agent_name) || this.t('agent') }) : '';
    show(this.els.typing, on);
    if (on) this.typingShowTimer = setTimeout(function () { show(self.els.typing, false); }, TYPING_SHOW_MS);
  };

  // --- DOM -------------------------------------------------------------------------
  P.buildShell = function () {
    var self = this;
    var host = this.host = el('div', { id: 'deskd-messenger' });
    var root = this.root = host.attachShadow({ mode: 'open' });
    var box = this.box = el('div', { class: 'dm', hidden: true });
    var css = el('link', { rel: 'stylesheet', href: this.origin + CSS_PATH });
    css.addEventListener('load', function () { show(box, true); });
    this.badge = el('span', { id: 'dm-badge', class: 'badge', hidden: true });
    this.launcher = el('button', {
      id: 'dm-launcher', class: 'launcher', type: 'button', 'aria-expanded': 'false',
      'aria-label': this.config ? this.t('launcher') : 'Chat',
      onclick: function () { self.toggle(); }
    }, [svg(ICON_CHAT), this.badge]);
    this.panel = el('section', { id: 'dm-panel', class: 'panel', role: 'dialog', hidden: true });
    box.appendChild(this.panel);
    box.appendChild(this.launcher);
    root.appendChild(css);
    root.appendChild(box);
    (d.body || d.documentElement).appendChild(host);
    d.addEventListener('keydown', function (e) { if (e.key === 'Escape' && self.opened) self.toggle(); });
  };

  P.toggle = function () {
    var self = this;
    this.opened = !this.opened;
    this.launcher.setAttribute('aria-expanded', String(this.opened));
    if (!this.opened) {
      show(this.panel, false);
      return;
    }
    this.unread = 0;
    this.renderBadge();
    show(this.panel, true);
    // First interaction: from here on the widget may create the visitor id.
    Promise.all([this.ensureConfig(), this.ensureVisitor()]).then(function () {
      // Render the home view at once: until the chat list arrives it must
      // show one form, the one the agents' state asks for, never both.
      if (!self.built) { self.buildPanel(); self.render(); }
      self.launcher.setAttribute('aria-label', self.t('launcher'));
      return self.loadedChats ? null : self.loadChats(false);
    }).then(function () {
      self.render();
      self.suggest(self.els.search.value.trim());
    }).catch(function (e) {
      if (!self.built) {
        clear(self.panel).appendChild(el('p', { class: 'error', role: 'alert', text: 'Chat is unavailable (' + e.message + ')' }));
      } else {
        self.error(e);
      }
    });
  };

  P.buildPanel = function () {
    var self = this, t = this.t.bind(this), els = this.els = {};
    clear(this.panel);
    this.panel.setAttribute('aria-label', t('title'));
    els.sub = el('p', { id: 'dm-sub', class: 'sub' });
    els.error = el('p', { id: 'dm-error', class: 'error', role: 'alert', hidden: true });
    els.reconnecting = el('p', { class: 'note', role: 'status', hidden: true, text: t('reconnecting') });
    this.panel.appendChild(el('header', {}, [
      el('h2', { text: t('title') }), els.sub,
      el('button', { class: 'close', type: 'button', 'aria-label': t('close'), onclick: function () { self.toggle(); } },
        [svg(ICON_CLOSE)])
    ]));
    var body = el('div', { class: 'body' });
    this.panel.appendChild(body);
    body.appendChild(els.error);
    body.appendChild(els.reconnecting);

    // Home: suggested articles, then the start form or the offline form, then history.
    els.search = el('input', { id: 'dm-search', type: 'search', placeholder: t('search_placeholder'), autocomplete: 'off' });
    els.search.addEventListener('input', function () {
      clearTimeout(self.searchTimer);
      self.searchTimer = setTimeout(function () { self.suggest(els.search.value.trim()); }, SEARCH_DELAY_MS);
    });
    els.articles = el('ul', { id: 'dm-articles', class: 'articles', 'aria-live': 'polite' });
    els.start = this.buildStartForm();
    els.offline = this.buildOfflineForm();
    els.history = el('div', { id: 'dm-history', class: 'history' });
    els.home = el('div', { id: 'dm-home' }, [
      el('label', { class: 'search' }, [el('span', { text: t('search_label') }), els.search]),
      els.articles, els.start, els.offline, els.history
    ]);
    body.appendChild(els.home);

    // Chat: status, messages, typing, composer.
    els.status = el('p', { id: 'dm-status', class: 'status', role: 'status' });
    els.messages = el('ol', { id: 'dm-messages', class: 'messages', 'aria-live': 'polite' });
    els.typing = el('p', { id: 'dm-typing', class: 'typing', hidden: true });
    els.input = el('textarea', { id: 'dm-input', rows: '2', maxlength: '4000', placeholder: t('message_placeholder'),
      'aria-label': t('message_label') });
    els.input.addEventListener('input', function () { self.typing(true); });
    els.input.addEventListener('keydown', function (e) {
      if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); els.composer.requestSubmit(); }
    });
    els.composer = el('form', { id: 'dm-composer', class: 'composer', onsubmit: function (e) {
      e.preventDefault();
      var text = els.input.value.trim();
      if (!text) return;
      els.input.value = '';
      self.typing(false);
      self.send(text);
    } }, [els.input, el('button', { id: 'dm-send', type: 'submit', text: t('send') })]);
    els.end = el('button', { id: 'dm-end', class: 'link', type: 'button', text: t('end'), onclick: function () { self.end(); } });
    els.again = el('button', { id: 'dm-new', type: 'button', text: t('new_chat'), onclick: function () {
      self.current = null;
      self.render();
    } });
    els.chat = el('div', { id: 'dm-chat', class: 'chat', hidden: true },
      [els.status, els.messages, els.typing, els.composer, el('p', { class: 'actions' }, [els.end, els.again])]);
    body.appendChild(els.chat);
    this.built = true;
  };

  P.field = function (id, label, type, required, extra) {
    var input = el(type === 'textarea' ? 'textarea' : 'input', Object.assign({
      id: id, name: id.replace('dm-', '').replace('off-', ''), required: required
    }, type === 'textarea' ? { rows: '3', maxlength: '4000' } : { type: type, maxlength: '200' }, extra || {}));
    return el('label', { class: 'field' }, [el('span', { text: label }), input]);
  };

  P.buildStartForm = function () {
    var self = this, t = this.t.bind(this);
    var form = el('form', { id: 'dm-start', class: 'form' }, [
      el('h3', { text: t('start_heading') }),
      this.field('dm-name', t('name_optional'), 'text', false, { autocomplete: 'name' }),
      this.field('dm-email', t('email_optional'), 'email', false, { autocomplete: 'email' }),
      this.field('dm-message', t('message_label'), 'textarea', true, { placeholder: t('message_placeholder') }),
      el('button', { type: 'submit', text: t('start') })
    ]);
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      var f = form.elements, message = f.namedItem('message').value.trim();
      if (!message) return;
      var button = form.querySelector('button');
      button.disabled = true;
      self.request('POST', '/chats', { name: f.namedItem('name').value.trim(), email: f.namedItem('email').value.trim(), message: message })
        .then(function (j) {
          form.reset();
          self.addChat(j.chat);
          self.current = j.chat.id;
          self.connect();
          self.render();
          self.els.input.focus();
        })
        .catch(function (err) { self.error(err); })
        .then(function () { button.disabled = false; });
    });
    return form;
  };

  P.buildOfflineForm = function () {
    var self = this, t = this.t.bind(this);
    var done = el('p', { id: 'dm-offline-done', class: 'done', role: 'status', hidden: true });
    var form = el('form', { id: 'dm-offline', class: 'form' }, [
      el('h3', { text: t('offline_heading') }),
      el('p', { class: 'note', text: t('offline_intro') }),
      this.field('dm-off-name', t('name'), 'text', true, { autocomplete: 'name' }),
      this.field('dm-off-email', t('email'), 'email', true, { autocomplete: 'email' }),
      this.field('dm-off-subject', t('subject_optional'), 'text', false),
      this.field('dm-off-message', t('message_label'), 'textarea', true),
      el('button', { type: 'submit', text: t('offline_send') })
    ]);
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      var f = form.elements, button = form.querySelector('button');
      button.disabled = true;
      self.request('POST', '/offline', {
        name: f.namedItem('name').value.trim(), email: f.namedItem('email').value.trim(),
        subject: f.namedItem('subject').value.trim(), message: f.namedItem('message').value.trim()
      }).then(function (j) {
        form.reset();
        done.textContent = t('offline_done', { ref: (j.ticket && j.ticket.ref) || '' });
        show(done, true);
        show(form, false);
      }).catch(function (err) { self.error(err); }).then(function () { button.disabled = false; });
    });
    return el('div', {}, [form, done]);
  };

  P.error = function (e) {
    if (!this.built) return;
    this.els.error.textContent = this.t('error') + (e && e.message ? ' (' + e.message + ')' : '');
    show(this.els.error, true);
    var box = this.els.error;
    clearTimeout(this.errorTimer);
    this.errorTimer = setTimeout(function () { show(box, false); }, 8000);
  };

  P.render = function () {
    if (!this.built) return;
    var els = this.els, chat = this.current && this.chats[this.current];
    var online = !!(this.config && this.config.agents_online);
    els.sub.textContent = this.t(online ? 'online' : 'offline');
    show(els.home, !chat);
    show(els.chat, !!chat);
    if (chat) return this.renderChat();
    show(els.start, online);
    show(els.offline, !online);
    this.renderHistory();
  };

  P.renderChat = function () {
    var els = this.els, chat = this.current && this.chats[this.current];
    if (!chat) return;
    var open = this.isOpen(chat);
    els.status.textContent = chat.status === 'queued' ? this.t('queued')
      : chat.status === 'ended' ? this.t('ended')
      : this.t('chatting_with', { name: chat.agent_name || this.t('agent') });
    show(els.composer, open);
    show(els.end, open);
    show(els.again, !open);
    if (!open) show(els.typing, false);
    this.renderMessages(els.messages, chat);
    els.messages.scrollTop = els.messages.scrollHeight;
  };

  P.renderMessages = function (list, chat) {
    var self = this, time = new Intl.DateTimeFormat(this.lang, { hour: '2-digit', minute: '2-digit' });
    clear(list);
    chat.messages.forEach(function (m) {
      var who = m.author === 'visitor' ? self.t('you') : m.author === 'agent' ? (m.name || self.t('agent')) : '';
      list.appendChild(el('li', {
        class: 'msg from-' + (m.author === 'visitor' || m.author === 'agent' ? m.author : 'system') +
          (m.pending ? ' pending' : '') + (m.failed ? ' failed' : ''),
        'data-id': m.id === undefined || m.id === null ? null : String(m.id)
      }, [
        who ? el('span', { class: 'who', text: who }) : null,
        el('p', { class: 'text', text: m.body || '' }),
        m.failed ? el('button', { class: 'link', type: 'button', text: self.t('retry'), onclick: function () {
          m.failed = false;
          self.deliver(chat, m, 0);
          self.renderChat();
        } }) : el('time', { text: m.at_ms ? time.format(new Date(m.at_ms)) : self.t('sending') })
      ]));
    });
  };

  P.renderHistory = function () {
    var self = this, h = clear(this.els.history);
    var past = this.order.map(function (id) { return self.chats[id]; }).filter(function (c) { return c.messages.length; });
    if (!past.length) return;
    var when = new Intl.DateTimeFormat(this.lang, { dateStyle: 'medium', timeStyle: 'short' });
    h.appendChild(el('h3', { text: this.t('history_heading') }));
    past.forEach(function (c, i) {
      var list = el('ol', { class: 'messages' });
      self.renderMessages(list, c);
      var first = c.messages[0] ? c.messages[0].body : '';
      h.appendChild(el('details', { class: 'past', 'data-chat': String(c.id), open: i === 0 }, [
        el('summary', {}, [
          el('time', { text: c.created_ms ? when.format(new Date(c.created_ms)) : '' }),
          el('span', { text: ' ' + (first.length > 60 ? first.slice(0, 60) + '…' : first) })
        ]),
        list,
        self.isOpen(c) ? el('button', { type: 'button', class: 'link', text: self.t('continue'), onclick: function () {
          self.current = c.id;
          self.connect();
          self.render();
        } }) : null
      ]));
    });
  };

  P.renderBadge = function () {
    this.badge.textContent = this.unread > 9 ? '9+' : String(this.unread);
    if (this.config) this.badge.setAttribute('aria-label', this.t('unread', { n: this.unread }));
    show(this.badge, this.unread > 0);
  };

  // Suggested Help Center articles for `q` (the most relevant when empty).
  P.suggest = function (q) {
    var self = this, seq = this.searchSeq = (this.searchSeq || 0) + 1;
    if (!this.built) return;
    this.request('GET', '/articles?q=' + encodeURIComponent(q) + '&lang=' + encodeURIComponent(this.lang))
      .then(function (j) {
        if (seq !== self.searchSeq) return;
        var list = clear(self.els.articles), items = (j.articles || []).slice(0, 3);
        if (!items.length && q) list.appendChild(el('li', { class: 'note', text: self.t('search_none') }));
        items.forEach(function (a) {
          var url = /^https?:\/\//.test(a.url || '') ? a.url : (/^\/[^/\\]/.test(a.url || '') ? self.origin + a.url : '');
          if (!url) return;
          list.appendChild(el('li', {}, [
            el('a', { href: url, target: '_blank', rel: 'noopener', text: a.title || url }),
            a.snippet ? el('p', { text: a.snippet }) : null
          ]));
        });
      })
      .catch(function () { if (seq === self.searchSeq) clear(self.els.articles); });
  };

  // --- actions ----------------------------------------------------------------------
  P.typing = function (on) {
    var self = this, id = this.current;
    if (!id) return;
    clearTimeout(this.typingTimer);
    if (on) this.typingTimer = setTimeout(function () { self.typing(false); }, TYPING_IDLE_MS);
    if (on === !!this.typingOn) return;
    this.typingOn = on;
    this.wsSend({ type: 'typing', chat_id: id, on: on });
  };

  P.send = function (text) {
    var chat = this.chats[this.current];
    if (!chat) return;
    var m = { chat_id: chat.id, author: 'visitor', body: text, client_id: uid(), pending: true };
    chat.messages.push(m);
    this.renderChat();
    this.deliver(chat, m, 0);
  };

  // Posts a message; retries with the same client_id (idempotent on the server).
  // Sent too fast (429): says so and sends it again when the server allows.
  P.deliver = function (chat, m, attempt) {
    var self = this;
    this.request('POST', '/chats/' + encodeURIComponent(chat.id) + '/messages', { body: m.body, client_id: m.client_id })
      .then(function (j) {
        self.addMessage(j.message, true);
        self.renderChat();
      })
      .catch(function (e) {
        if (e.status === 429 && e.retryAfterS > 0 && attempt < MAX_RATE_LIMITED_RETRIES) {
          self.error(e);
          return setTimeout(function () { self.deliver(chat, m, attempt + 1); }, e.retryAfterS * 1000);
        }
        if (e.status && e.status < 500) { m.failed = true; self.renderChat(); return self.error(e); }
        if (attempt < 3) return setTimeout(function () { self.deliver(chat, m, attempt + 1); }, 1000 * Math.pow(2, attempt));
        m.failed = true;
        self.renderChat();
      });
  };

  P.end = function () {
    var self = this, id = this.current;
    if (!id) return;
    this.request('POST', '/chats/' + encodeURIComponent(id) + '/end').then(function (j) {
      self.onEvent({ type: 'chat', chat: j.chat });
    }).catch(function (e) { self.error(e); });
  };
})();
