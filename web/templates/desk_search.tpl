{{%AUTOESCAPE context="HTML"}}<section class="card wide">
<h1>{{T_DESK_SEARCH_HEADING}}</h1>
<form method="get" action="/agent/search" class="desk-search" role="search">
<label>{{T_DESK_SEARCH_LABEL}} <input type="search" name="q" value="{{Q}}" maxlength="256" autofocus></label>
<label>{{T_TICKETS_COL_STATUS}} <select name="status">{{#STATUS_OPTION}}<option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>{{/STATUS_OPTION}}</select></label>
<button type="submit">{{T_DESK_SEARCH_SUBMIT}}</button>
</form>
{{#EMPTY}}<p class="muted">{{T_DESK_SEARCH_EMPTY}}</p>{{/EMPTY}}
{{#TABLE}}<table class="admin-table">
<thead><tr><th>{{T_TICKETS_COL_REF}}</th><th>{{T_TICKETS_COL_SUBJECT}}</th><th>{{T_TICKETS_COL_REQUESTER}}</th><th>{{T_TICKETS_COL_STATUS}}</th><th>{{T_TICKETS_COL_UPDATED}}</th></tr></thead>
<tbody>
{{#TICKET}}<tr class="ticket status-{{STATUS_NAME}}"><td><a href="/agent/tickets/{{REF}}">{{REF}}</a></td><td><a href="/agent/tickets/{{REF}}">{{SUBJECT}}</a></td><td>{{REQUESTER}} <span class="muted">&lt;{{REQUESTER_EMAIL}}&gt;</span></td><td>{{STATUS}}</td><td>{{UPDATED}}</td></tr>
{{/TICKET}}</tbody>
</table>{{/TABLE}}
<nav class="pager">{{#PREV}}<a rel="prev" href="{{PREV_URL}}">{{T_TICKETS_PAGER_PREV}}</a>{{/PREV}} {{#NEXT}}<a rel="next" href="{{NEXT_URL}}">{{T_TICKETS_PAGER_NEXT}}</a>{{/NEXT}}</nav>
</section>
