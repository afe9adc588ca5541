{{%AUTOESCAPE context="HTML"}}<ol class="ticket-thread">
{{#MESSAGE}}<li class="ticket-message from-{{KIND}}{{#NOTE}} internal-note{{/NOTE}}" id="message-{{ID}}">
<p class="muted">{{#NOTE}}<strong class="note-badge">{{T_DESK_NOTE_BADGE}}</strong> · {{/NOTE}}<strong>{{AUTHOR}}</strong> ({{ROLE}}) · <time>{{WHEN}}</time></p>
<p class="ticket-body">{{#LINE}}{{TEXT}}{{#BREAK}}<br>{{/BREAK}}{{/LINE}}</p>
</li>
{{/MESSAGE}}</ol>
