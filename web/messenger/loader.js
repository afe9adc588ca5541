/* deskd Messenger loader (docs/messenger.md). Served by the helpdesk with its
   origin and messenger.loader_ttl_s written in; caches the widget bundle URL in
   two first-party cookies so later page loads skip the setup round trip. */
(function () {
  'use strict';
  var w = window, d = document, me = d.currentScript;
  var ORIGIN = '__DESKD_ORIGIN__', TTL = +'__DESKD_TTL__';
  var URL_COOKIE = 'dpdefaultloader_assets_url', TIME_COOKIE = 'dpdefaultloader_time', MAX_AGE = 2592000;
  if (w.DeskdMessenger && w.DeskdMessenger.loading) return;
  var data = (me && me.dataset) || {};
  var opts = {
    origin: ORIGIN,
    lang: data.lang || (d.documentElement.lang || '').slice(0, 2),
    visitor: data.visitor || '',
    consent: data.consent !== 'false'
  };
  w.DeskdMessenger = w.DeskdMessenger || {};
  w.DeskdMessenger.loading = true;

  function now() { return Math.floor(Date.now() / 1000); }
  function getCookie(name) {
    var m = d.cookie.match('(?:^|; )' + name + '=([^;]*)');
    if (!m) return '';
    try { return decodeURIComponent(m[1]); } catch (e) { return ''; }
  }
  function setCookie(name, value, maxAge) {
    if (!opts.consent) return;
    d.cookie = name + '=' + encodeURIComponent(value) + '; Path=/; SameSite=Lax; Max-Age=' + maxAge +
      (location.protocol === 'https:' ? '; Secure' : '');
  }
  function fail(what) { if (w.console) console.error('deskd messenger: ' + what); }

  // cached: the URL came from the cookie, so a load error may mean an upgrade
  // deleted it: forget it, ask setup again and retry once.
  function insert(url, config, cached) {
    var s = d.createElement('script');
    s.src = url;
    s.async = true;
    s.onload = function () {
      var m = w.DeskdMessenger;
      if (m && m.start) m.start(config, opts); else fail('bundle did not start');
    };
    s.onerror = function () {
      s.remove();
      if (!cached) return fail('bundle failed to load');
      setCookie(URL_COOKIE, '', 0);
      setCookie(TIME_COOKIE, '', 0);
      setup();
    };
    (d.head || d.documentElement).appendChild(s);
  }

  function setup() {
    var q = opts.lang ? '?lang=' + encodeURIComponent(opts.lang) : '';
    fetch(ORIGIN + '/messenger/setup' + q, { mode: 'cors', credentials: 'omit' })
      .then(function (r) {
        if (!r.ok) throw new Error('setup answered ' + r.status);
        return r.json();
      })
      .then(function (j) {
        if (typeof j.assets_url !== 'string' || j.assets_url.indexOf(ORIGIN + '/') !== 0) throw new Error('bad setup');
        setCookie(URL_COOKIE, j.assets_url, MAX_AGE);
        setCookie(TIME_COOKIE, String(now()), MAX_AGE);
        insert(j.assets_url, j.config || null, false);
      })
      .catch(function (e) { fail(e.message); });
  }

  // Optional cookies declined or withdrawn: forget the cache this page kept.
  if (!opts.consent && (getCookie(URL_COOKIE) || getCookie(TIME_COOKIE))) {
    d.cookie = URL_COOKIE + '=; Path=/; Max-Age=0';
    d.cookie = TIME_COOKIE + '=; Path=/; Max-Age=0';
  }
  var url = getCookie(URL_COOKIE), time = parseInt(getCookie(TIME_COOKIE), 10), age = now() - time;
  if (opts.consent && url.indexOf(ORIGIN + '/messenger/assets/') === 0 && age >= -60 && age < TTL) {
    insert(url, null, true);
  } else {
    setup();
  }
})();
