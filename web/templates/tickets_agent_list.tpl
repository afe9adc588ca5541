{{%AUTOESCAPE context="HTML"}}<section class="card wide">
<h1>{{T_TICKETS_AGENT_HEADING}}</h1>
<nav class="admin-nav desk-views" aria-label="{{T_DESK_VIEWS_LABEL}}">{{#VIEW}}<a href="{{URL}}" data-view="{{NAME}}"{{#CURRENT}} aria-current="page"{{/CURRENT}}>{{LABEL}} (<span class="count">{{COUNT}}</span>)</a>{{/VIEW}}</nav>
<nav class="admin-nav" aria-label="{{T_TICKETS_FILTER_LABEL}}">{{#FILTER}}<a href="{{URL}}"{{#CURRENT}} aria-current="page"{{/CURRENT}}>{{LABEL}}</a>{{/FILTER}}</nav>
<nav class="admin-nav" aria-label="{{T_DESK_SORT_LABEL}}">{{T_DESK_SORT_LABEL}}: {{#SORT}}<a href="{{URL}}"{{#CURRENT}} aria-current="page"{{/CURRENT}}>{{LABEL}}</a>{{/SORT}}</nav>
{{#NOTICE}}<p class="notice" role="alert">{{NOTICE_TEXT}}</p>{{/NOTICE}}
{{#ERROR}}<p class="error" role="alert">{{ERROR_TEXT}}</p>{{/ERROR}}
{{#EMPTY}}<p class="muted">{{T_TICKETS_AGENT_EMPTY}}</p>{{/EMPTY}}
{{#TABLE}}<form method="post" action="/agent/tickets/bulk" class="desk-bulk">
<input type="hidden" name="_dp_csrf_token" value="{{CSRF}}">
<input type="hidden" name="view" value="{{VIEW_NAME}}">
<input type="hidden" name="list_status" value="{{LIST_STATUS}}">
<input type="hidden" name="sort" value="{{SORT_NAME}}">
<input type="hidden" name="page" value="{{PAGE}}">
<table class="admin-table">
<thead><tr><th scope="col" aria-label="{{T_DESK_SELECT}}"></th><th>{{T_TICKETS_COL_REF}}</th><th>{{T_TICKETS_COL_SUBJECT}}</th><th>{{T_TICKETS_COL_REQUESTER}}</th><th>{{T_TICKETS_COL_STATUS}}</th><th>{{T_DESK_COL_PRIORITY}}</th><th>{{T_DESK_COL_GROUP}}</th><th>{{T_DESK_COL_ASSIGNEE}}</th><th>{{T_DESK_SLA_COLUMN}}</th><th>{{T_TICKETS_COL_UPDATED}}</th></tr></thead>
<tbody>
{{#TICKET}}<tr class="ticket status-{{STATUS_NAME}} priority-{{PRIORITY_NAME}}" data-ref="{{REF}}"><td><input type="checkbox" name="ticket" value="{{REF}}"{{#CHECKED}} checked{{/CHECKED}} aria-label="{{REF}}"></td><td><a href="/agent/tickets/{{REF}}">{{REF}}</a></td><td><a href="/agent/tickets/{{REF}}">{{SUBJECT}}</a></td><td>{{REQUESTER}} <span class="muted">&lt;{{REQUESTER_EMAIL}}&gt;</span></td><td>{{STATUS}}</td><td class="priority">{{PRIORITY}}</td><td class="group">{{GROUP}}</td><td class="assignee">{{ASSIGNEE}}</td><td class="sla sla-{{SLA_STATE}}" data-sla="{{SLA_STATE}}">{{SLA_TEXT}}</td><td>{{UPDATED}}</td></tr>
{{/TICKET}}</tbody>
</table>
<fieldset class="desk-bulk-actions"><legend>{{T_DESK_BULK_HEADING}}</legend>
<label>{{T_DESK_COL_ASSIGNEE}} <select name="assignee">{{#ASSIGNEE_OPTION}}<option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>{{/ASSIGNEE_OPTION}}</select></label>
<label>{{T_TICKETS_COL_STATUS}} <select name="status">{{#STATUS_OPTION}}<option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>{{/STATUS_OPTION}}</select></label>
<label>{{T_DESK_COL_PRIORITY}} <select name="priority">{{#PRIORITY_OPTION}}<option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>{{/PRIORITY_OPTION}}</select></label>
<label>{{T_DESK_COL_GROUP}} <select name="group">{{#GROUP_OPTION}}<option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>{{/GROUP_OPTION}}</select></label>
<button type="submit">{{T_DESK_BULK_SUBMIT}}</button>
</fieldset>
</form>{{/TABLE}}
<nav class="pager">{{#PREV}}<a rel="prev" href="{{PREV_URL}}">{{T_TICKETS_PAGER_PREV}}</a>{{/PREV}} {{#NEXT}}<a rel="next" href="{{NEXT_URL}}">{{T_TICKETS_PAGER_NEXT}}</a>{{/NEXT}}</nav>
</section>
{{>DESK_NOTIFY}}
