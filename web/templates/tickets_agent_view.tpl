{{%AUTOESCAPE context="HTML"}}<section class="card">
<p><a href="/agent/tickets">{{T_TICKETS_AGENT_BACK}}</a></p>
<h1>{{SUBJECT}}</h1>
<p class="muted"><span class="ticket-ref">{{REF_TEXT}}</span> · {{T_TICKETS_COL_STATUS}}: <strong class="ticket-status status-{{STATUS_NAME}}">{{STATUS}}</strong> · {{T_TICKETS_COL_CREATED}}: {{CREATED}} · {{T_TICKETS_COL_UPDATED}}: {{UPDATED}}</p>
{{#NOTICE}}<p class="notice" role="alert">{{NOTICE_TEXT}}</p>{{/NOTICE}}
{{#ERROR}}<p class="error" role="alert">{{ERROR_TEXT}}</p>{{/ERROR}}
<div id="ticket-presence" class="ticket-presence" data-ref="{{REF}}" data-me="{{ME_ID}}" data-viewing="{{T_DESK_COLLISION_VIEWING}}" data-typing="{{T_DESK_COLLISION_TYPING}}" aria-live="polite"><p id="presence-viewing" hidden></p><p id="presence-typing" hidden></p></div>
{{#FILES_LOST}}<p class="notice" role="alert">{{FILES_LOST_TEXT}}</p>{{/FILES_LOST}}
<h2>{{T_TICKETS_REQUESTER_HEADING}}</h2>
<dl class="ticket-requester">
<dt>{{T_TICKETS_REQUESTER_NAME}}</dt><dd>{{REQUESTER}}</dd>
<dt>{{T_TICKETS_REQUESTER_EMAIL}}</dt><dd>{{REQUESTER_EMAIL}}</dd>
<dt>{{T_TICKETS_REQUESTER_KIND}}</dt><dd>{{REQUESTER_KIND}}</dd>
<dt>{{T_TICKETS_SOURCE}}</dt><dd class="ticket-channel" data-channel="{{CHANNEL_NAME}}">{{SOURCE}}</dd>
<dt>{{T_TICKETS_LANGUAGE}}</dt><dd>{{LANGUAGE}}</dd>
</dl>
<dl class="ticket-desk-fields">
<dt>{{T_DESK_COL_PRIORITY}}</dt><dd class="priority priority-{{PRIORITY_NAME}}">{{PRIORITY}}</dd>
<dt>{{T_DESK_COL_GROUP}}</dt><dd class="group">{{GROUP}}</dd>
<dt>{{T_DESK_COL_ASSIGNEE}}</dt><dd class="assignee">{{ASSIGNEE}}</dd>
<dt>{{T_DESK_SLA_FIRST_RESPONSE}}</dt><dd class="sla sla-{{SLA_FIRST_STATE}}" id="sla-first-response" data-state="{{SLA_FIRST_STATE}}">{{SLA_FIRST_TEXT}}</dd>
<dt>{{T_DESK_SLA_RESOLUTION}}</dt><dd class="sla sla-{{SLA_RESOLUTION_STATE}}" id="sla-resolution" data-state="{{SLA_RESOLUTION_STATE}}">{{SLA_RESOLUTION_TEXT}}</dd>
</dl>
<h3>{{T_TICKETS_OTHER_TICKETS}}</h3>
{{#NO_OTHERS}}<p class="muted">{{T_TICKETS_NO_OTHER_TICKETS}}</p>{{/NO_OTHERS}}
<ul>{{#OTHER}}<li><a href="/agent/tickets/{{REF}}">{{REF}}</a> {{SUBJECT}} <span class="muted">({{STATUS}}, {{UPDATED}})</span></li>{{/OTHER}}</ul>
</section>
<section class="card">
<h2>{{T_TICKETS_THREAD_HEADING}}</h2>
{{>THREAD}}
</section>
<section class="card">
<h2>{{T_TICKETS_REPLY_HEADING}}</h2>
{{#COLLISION}}<div class="collision" role="alert" id="collision"><p>{{TEXT}}</p>
{{#NEW_REPLY}}<blockquote class="new-reply"><p class="muted">{{AUTHOR}}</p><p class="body">{{BODY}}</p></blockquote>{{/NEW_REPLY}}</div>{{/COLLISION}}
<form method="post" action="{{REPLY_ACTION}}" id="reply-form" enctype="multipart/form-data">
  <input type="hidden" name="_dp_csrf_token" value="{{CSRF}}">
  <input type="hidden" name="seen_message_id" value="{{SEEN_MESSAGE_ID}}">
  <label>{{T_DESK_CANNED_INSERT}} <select class="canned-insert" data-target="reply-message"><option value="">{{T_DESK_CANNED_CHOOSE}}</option>{{#CANNED}}<option value="{{CANNED_TITLE}}" data-body="{{CANNED_BODY}}">{{CANNED_TITLE}}</option>{{/CANNED}}</select></label>
  <label>{{T_TICKETS_FIELD_MESSAGE}}<textarea id="reply-message" name="message" rows="8" required maxlength="20000">{{MESSAGE}}</textarea></label>
  <label>{{T_TICKETS_FIELD_ATTACHMENTS}}<input type="file" name="attachments" multiple></label>
  <p class="muted">{{ATTACHMENTS_HINT}}</p>
  <p class="muted">{{T_TICKETS_AGENT_REPLY_HINT}}</p>
  <button type="submit">{{REPLY_SUBMIT}}</button>
</form>
</section>
<section class="card ticket-note-form">
<h2>{{T_DESK_NOTE_HEADING}}</h2>
<form method="post" action="{{NOTE_ACTION}}">
  <input type="hidden" name="_dp_csrf_token" value="{{CSRF}}">
  <label>{{T_DESK_NOTE_FIELD}}<textarea name="note" rows="4" required maxlength="20000">{{NOTE}}</textarea></label>
  <p class="muted">{{T_DESK_NOTE_HINT}}</p>
  <button type="submit" class="secondary">{{T_DESK_NOTE_SUBMIT}}</button>
</form>
</section>
<section class="card">
<h2>{{T_DESK_FIELDS_HEADING}}</h2>
{{#FIELDS}}<form method="post" action="{{FIELDS_ACTION}}" class="ticket-fields">
  <input type="hidden" name="_dp_csrf_token" value="{{CSRF}}">
  <label>{{T_TICKETS_COL_STATUS}}<select name="status">{{#STATUS_OPTION}}<option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>{{/STATUS_OPTION}}</select></label>
  <label>{{T_DESK_COL_PRIORITY}}<select name="priority">{{#PRIORITY_OPTION}}<option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>{{/PRIORITY_OPTION}}</select></label>
  <label>{{T_DESK_COL_GROUP}}<select name="group">{{#GROUP_OPTION}}<option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>{{/GROUP_OPTION}}</select></label>
  <label>{{T_DESK_COL_ASSIGNEE}}<select name="assignee">{{#ASSIGNEE_OPTION}}<option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>{{/ASSIGNEE_OPTION}}</select></label>
  <button type="submit" class="secondary">{{T_DESK_FIELDS_SUBMIT}}</button>
</form>{{/FIELDS}}
</section>
<script src="{{CANNED_SCRIPT_URL}}" defer></script>
{{>DESK_NOTIFY}}
<script src="{{PRESENCE_SCRIPT_URL}}" defer></script>
