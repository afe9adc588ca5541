{{%AUTOESCAPE context="HTML"}}<section class="card wide">
<h1>{{T_TICKETS_AGENT_HEADING}}</h1>
<nav class="admin-nav" aria-label="{{T_TICKETS_FILTER_LABEL}}">{{#FILTER}}<a href="/agent/tickets?status={{VALUE}}"{{#CURRENT}} aria-current="page"{{/CURRENT}}>{{LABEL}} ({{COUNT}})</a>{{/FILTER}}</nav>
{{#EMPTY}}<p class="muted">{{T_TICKETS_AGENT_EMPTY}}</p>{{/EMPTY}}
{{#TABLE}}<table class="admin-table">
<thead><tr><th>{{T_TICKETS_COL_REF}}</th><th>{{T_TICKETS_COL_SUBJECT}}</th><th>{{T_TICKETS_COL_REQUESTER}}</th><th>{{T_TICKETS_COL_STATUS}}</th><th>{{T_TICKETS_COL_UPDATED}}</th></tr></thead>
<tbody>
{{#TICKET}}<tr class="ticket status-{{STATUS_NAME}}"><td><a href="/agent/tickets/{{REF}}">{{REF}}</a></td><td><a href="/agent/tickets/{{REF}}">{{SUBJECT}}</a></td><td>{{REQUESTER}} <span class="muted">&lt;{{REQUESTER_EMAIL}}&gt;</span></td><td>{{STATUS}}</td><td>{{UPDATED}}</td></tr>
{{/TICKET}}</tbody>
</table>{{/TABLE}}
<nav class="pager">{{#PREV}}<a rel="prev" href="{{PREV_URL}}">{{T_TICKETS_PAGER_PREV}}</a>{{/PREV}} {{#NEXT}}<a rel="next" href="{{NEXT_URL}}">{{T_TICKETS_PAGER_NEXT}}</a>{{/NEXT}}</nav>
</section>
