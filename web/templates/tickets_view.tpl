{{%AUTOESCAPE context="HTML"}}<section class="card">
<p><a href="/tickets">{{T_TICKETS_BACK_TO_LIST}}</a></p>
<h1>{{SUBJECT}}</h1>
<p class="muted"><span class="ticket-ref">{{REF_TEXT}}</span> · {{T_TICKETS_COL_STATUS}}: <strong class="ticket-status status-{{STATUS_NAME}}">{{STATUS}}</strong> · {{T_TICKETS_COL_UPDATED}}: {{UPDATED}}</p>
{{>THREAD}}
</section>
<section class="card">
<h2>{{T_TICKETS_REPLY_HEADING}}</h2>
{{#REOPENS}}<p class="muted">{{T_TICKETS_REPLY_REOPENS}}</p>{{/REOPENS}}
{{#NOTICE}}<p class="notice" role="alert">{{NOTICE_TEXT}}</p>{{/NOTICE}}
{{#ERROR}}<p class="error" role="alert">{{ERROR_TEXT}}</p>{{/ERROR}}
{{#FILES_LOST}}<p class="notice" role="alert">{{FILES_LOST_TEXT}}</p>{{/FILES_LOST}}
<form method="post" action="{{REPLY_ACTION}}" enctype="multipart/form-data">
  <input type="hidden" name="_dp_csrf_token" value="{{CSRF}}">
  <label>{{T_TICKETS_FIELD_MESSAGE}}<textarea name="message" rows="6" required maxlength="20000">{{MESSAGE}}</textarea></label>
  <label>{{T_TICKETS_FIELD_ATTACHMENTS}}<input type="file" name="attachments" multiple></label>
  <p class="muted">{{ATTACHMENTS_HINT}}</p>
  <button type="submit">{{T_TICKETS_REPLY_SUBMIT}}</button>
</form>
</section>
