{{%AUTOESCAPE context="HTML"}}<section class="card wide">
<h1>{{T_TICKETS_LIST_HEADING}}</h1>
<p><a href="/new-ticket">{{T_TICKETS_NEW_LINK}}</a></p>
{{#EMPTY}}<p class="muted">{{T_TICKETS_LIST_EMPTY}}</p>{{/EMPTY}}
{{#EMPTY_GUEST}}<p class="muted">{{T_TICKETS_LIST_EMPTY_GUEST}}</p>
<p><a href="/login?return_to=/tickets">{{T_NAV_LOGIN}}</a></p>{{/EMPTY_GUEST}}
{{#TABLE}}<table class="admin-table">
<thead><tr><th>{{T_TICKETS_COL_REF}}</th><th>{{T_TICKETS_COL_SUBJECT}}</th><th>{{T_TICKETS_COL_STATUS}}</th><th>{{T_TICKETS_COL_UPDATED}}</th></tr></thead>
<tbody>
{{#TICKET}}<tr class="ticket status-{{STATUS_NAME}}"><td><a href="/tickets/{{REF}}">{{REF}}</a></td><td><a href="/tickets/{{REF}}">{{SUBJECT}}</a></td><td>{{STATUS}}</td><td>{{UPDATED}}</td></tr>
{{/TICKET}}</tbody>
</table>{{/TABLE}}
<nav class="pager">{{#PREV}}<a rel="prev" href="{{PREV_URL}}">{{T_TICKETS_PAGER_PREV}}</a>{{/PREV}} {{#NEXT}}<a rel="next" href="{{NEXT_URL}}">{{T_TICKETS_PAGER_NEXT}}</a>{{/NEXT}}</nav>
</section>
