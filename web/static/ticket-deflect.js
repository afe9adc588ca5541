// Portal new-ticket form: suggests Help Center articles while the subject is
// typed (helpcenter/ticket_deflection.h). The form works without it.
(function () {
  'use strict';
  var subject = document.getElementById('ticket-subject');
  var box = document.getElementById('ticket-suggestions');
  if (!subject || !box || !window.fetch) return;
  var list = box.querySelector('ul');
  var timer = null;
  var asked = '';

  function render(articles) {
    list.textContent = '';
    articles.forEach(function (a) {
      var li = document.createElement('li');
      var link = document.createElement('a');
      link.href = a.url;
      link.target = '_blank';
      link.rel = 'noopener';
      link.textContent = a.title;
      li.appendChild(link);
      if (a.snippet) {
        var p = document.createElement('p');
        p.className = 'muted';
        p.textContent = a.snippet;
        li.appendChild(p);
      }
      list.appendChild(li);
    });
    box.hidden = articles.length === 0;
  }

  function ask() {
    var q = subject.value.trim();
    if (q === asked) return;
    asked = q;
    if (q.length < 3) return render([]);
    fetch(subject.dataset.suggest + '?q=' + encodeURIComponent(q), { credentials: 'same-origin' })
      .then(function (r) { return r.ok ? r.json() : { articles: [] }; })
      .then(function (data) { if (subject.value.trim() === q) render(data.articles || []); })
      .catch(function () { render([]); });
  }

  subject.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(ask, 250);
  });
  ask();
})();
