{{%AUTOESCAPE context="HTML"}}<ol class="ticket-thread">
{{#MESSAGE}}<li class="ticket-message from-{{KIND}}{{#NOTE}} internal-note{{/NOTE}}" id="message-{{ID}}">
<p class="muted">{{#NOTE}}<strong class="note-badge">{{T_DESK_NOTE_BADGE}}</strong> · {{/NOTE}}<strong>{{AUTHOR}}</strong> ({{ROLE}}) · <time>{{WHEN}}</time>{{#CHANNEL}} · <span class="message-channel" data-channel="{{CHANNEL_NAME}}">{{CHANNEL_TEXT}}</span>{{/CHANNEL}}</p>
<p class="ticket-body">{{#LINE}}{{TEXT}}{{#BREAK}}<br>{{/BREAK}}{{/LINE}}</p>
{{#ATTACHMENTS}}<p class="muted">{{ATTACHMENTS_LABEL}}</p>
<ul class="ticket-attachments">{{#ATTACHMENT}}<li><a class="attachment" href="{{URL}}" download data-sha256="{{SHA256}}">{{NAME}}</a> <span class="muted">({{SIZE}})</span></li>{{/ATTACHMENT}}</ul>{{/ATTACHMENTS}}
</li>
{{/MESSAGE}}</ol>
