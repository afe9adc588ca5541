{{%AUTOESCAPE context="HTML"}}<section class="card wide person-card">
<h1>{{NAME}}</h1>
{{#NOTICE}}<p class="notice" role="status">{{NOTICE_TEXT}}</p>{{/NOTICE}}
{{#ERROR}}<p class="error" role="alert">{{ERROR_TEXT}}</p>{{/ERROR}}
<dl class="facts">
<dt>{{T_DESK_PEOPLE_COL_EMAIL}}</dt><dd id="person-email">{{EMAIL}}</dd>
<dt>{{T_DESK_PEOPLE_ORG}}</dt><dd id="person-org"><a href="{{ORG_URL}}">{{ORG}}</a></dd>
<dt>{{T_DESK_PEOPLE_COL_ROLE}}</dt><dd>{{ROLE}}{{#DISABLED}} ({{T_DESK_PEOPLE_DISABLED}}){{/DISABLED}}</dd>
<dt>{{T_DESK_PEOPLE_SINCE}}</dt><dd>{{SINCE}}</dd>
</dl>
<h2>{{T_DESK_PEOPLE_TICKETS}}</h2>
{{#NO_TICKETS}}<p class="muted">{{T_DESK_PEOPLE_NONE}}</p>{{/NO_TICKETS}}
<ul id="person-tickets">{{#TICKET}}<li class="status-{{STATUS_NAME}}"><a href="/agent/tickets/{{REF}}">{{REF}}</a> {{SUBJECT}} <span class="muted">{{STATUS}} · {{CREATED}}</span></li>{{/TICKET}}</ul>
<h2>{{T_DESK_PEOPLE_CHATS}}</h2>
{{#NO_CHATS}}<p class="muted">{{T_DESK_PEOPLE_NONE}}</p>{{/NO_CHATS}}
<ul id="person-chats">{{#CHAT}}<li>#{{ID}} <span class="muted">{{STATUS}} · {{DATE}}</span></li>{{/CHAT}}</ul>
<h2>{{T_DESK_PEOPLE_COMMENTS}}</h2>
{{#NO_COMMENTS}}<p class="muted">{{T_DESK_PEOPLE_NONE}}</p>{{/NO_COMMENTS}}
<ul id="person-comments">{{#COMMENT}}<li>{{BODY}} <span class="muted">{{STATUS}} · {{DATE}}</span></li>{{/COMMENT}}</ul>
<h2>{{T_DESK_PEOPLE_VISITS}}</h2>
{{#NO_VISITS}}<p class="muted">{{T_DESK_PEOPLE_NONE}}</p>{{/NO_VISITS}}
<ul id="person-visits">{{#VISIT}}<li><a href="{{PATH}}">{{TITLE}}</a> <span class="muted">{{DATE}}</span></li>{{/VISIT}}</ul>
{{#MERGE}}<h2>{{T_DESK_PEOPLE_MERGE_HEADING}}</h2>
<form method="post" action="{{MERGE_ACTION}}" class="merge">
<input type="hidden" name="_dp_csrf_token" value="{{CSRF}}">
<p class="muted">{{T_DESK_PEOPLE_MERGE_HELP}}</p>
<label>{{T_DESK_PEOPLE_MERGE_EMAIL}} <input type="email" name="merge_email" value="{{MERGE_EMAIL}}" maxlength="320" required></label>
<button type="submit">{{T_DESK_PEOPLE_MERGE_SUBMIT}}</button>
</form>{{/MERGE}}
</section>
