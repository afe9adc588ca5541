{{%AUTOESCAPE context="HTML"}}<ol class="ticket-thread">
{{#MESSAGE}}<li class="ticket-message from-{{KIND}}" id="message-{{ID}}">
<p class="muted"><strong>{{AUTHOR}}</strong> ({{ROLE}}) · <time>{{WHEN}}</time></p>
<p class="ticket-body">{{#LINE}}{{TEXT}}{{#BREAK}}<br>{{/BREAK}}{{/LINE}}</p>
</li>
{{/MESSAGE}}</ol>
