// Canned replies in the agent interface (docs/agent-desk.md).
//  * Ticket page: a <select class="canned-insert" data-target="ID"> whose options
//    carry the reply, already filled in by the server, in data-body; choosing one
//    inserts it into the textarea #ID at the cursor.
//  * Chat console: typing "/" at the start of a reply suggests the canned replies
//    whose title matches what follows; Enter, Tab or a click takes the first or
//    the chosen one. The list comes from data-canned on #chat-console (JSON
//    [{title, body}]) and is filled in here: {{requester.name}} with the visitor's
//    name, {{agent.name}} with data-agent-name, {{ticket.ref}} with nothing.
// Everything is inserted as text (textarea values); nothing becomes HTML.
(function () {
  'use strict';

  function insertAtCursor(area, text) {
    var start = area.selectionStart || 0;
    var end = area.selectionEnd || 0;
    area.value = area.value.slice(0, start) + text + area.value.slice(end);
    area.selectionStart = area.selectionEnd = start + text.length;
    area.dispatchEvent(new Event('input', { bubbles: true }));
    area.focus();
  }

  document.querySelectorAll('select.canned-insert').forEach(function (sel) {
    sel.addEventListener('change', function () {
      var opt = sel.options[sel.selectedIndex];
      var area = document.getElementById(sel.dataset.target);
      if (opt && opt.dataset.body && area) insertAtCursor(area, opt.dataset.body);
      sel.selectedIndex = 0;
    });
  });

  var consoleEl = document.getElementById('chat-console');
  if (!consoleEl || !consoleEl.dataset.canned) return;
  var canned = [];
  try { canned = JSON.parse(consoleEl.dataset.canned); } catch (e) { canned = []; }
  var agentName = consoleEl.dataset.agentName || '';
  var box = null;      // the open suggestion list
  var boxFor = null;   // its textarea

  function fill(body, visitorName) {
    return body.split('{{requester.name}}').join(visitorName)
      .split('{{agent.name}}').join(agentName)
      .split('{{ticket.ref}}').join('');
  }
  function close() {
    if (box && box.parentNode) box.parentNode.removeChild(box);
    box = boxFor = null;
  }
  function choose(area, item) {
    var pane = area.closest('.chat-pane');
    area.value = fill(item.body, (pane && pane.dataset.visitorName) || '');
    area.dispatchEvent(new Event('input', { bubbles: true }));
    close();
    area.focus();
  }
  function matches(query) {
    var q = query.toLowerCase();
    return canned.filter(function (c) { return c.title.toLowerCase().indexOf(q) !== -1; }).slice(0, 8);
  }
  function suggest(area) {
    var m = /^\/(\S*)$/.exec(area.value);
    var found = m ? matches(m[1]) : [];
    if (!found.length) return close();
    close();
    box = document.createElement('ul');
    box.className = 'canned-suggest';
    box.setAttribute('role', 'listbox');
    found.forEach(function (item, i) {
      var li = document.createElement('li');
      li.setAttribute('role', 'option');
      li.textContent = item.title;
      if (i === 0) li.className = 'active';
      li.addEventListener('mousedown', function (e) { e.preventDefault(); choose(area, item); });
      box.appendChild(li);
    });
    box.items = found;
    boxFor = area;
    area.parentNode.insertBefore(box, area.nextSibling);
  }

  document.addEventListener('input', function (e) {
    if (e.target.matches && e.target.matches('.chat-composer textarea')) suggest(e.target);
  });
  // Capture phase: picking a suggestion must not also send the "/" line.
  document.addEventListener('keydown', function (e) {
    if (!box || e.target !== boxFor) return;
    if (e.key === 'Enter' || e.key === 'Tab') {
      e.preventDefault();
      e.stopPropagation();
      var active = box.querySelector('li.active');
      var index = Array.prototype.indexOf.call(box.children, active);
      choose(boxFor, box.items[Math.max(index, 0)]);
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      var items = box.children;
      var at = Array.prototype.indexOf.call(items, box.querySelector('li.active'));
      items[at].className = '';
      at = (at + (e.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length;
      items[at].className = 'active';
    } else if (e.key === 'Escape') {
      close();
    }
  }, true);
})();
