{{%AUTOESCAPE context="HTML"}}<section class="card">
<h1>{{T_TICKETS_NEW_HEADING}}</h1>
<p class="muted">{{T_TICKETS_NEW_INTRO}}</p>
{{#NOTICE}}<p class="notice" role="alert">{{NOTICE_TEXT}}</p>{{/NOTICE}}
{{#ERROR}}<p class="error" role="alert">{{ERROR_TEXT}}</p>{{/ERROR}}
{{#FILES_LOST}}<p class="notice" role="alert">{{FILES_LOST_TEXT}}</p>{{/FILES_LOST}}
<form method="post" action="{{ACTION}}" enctype="multipart/form-data">
  <input type="hidden" name="_dp_csrf_token" value="{{CSRF}}">
  <label>{{T_TICKETS_FIELD_NAME}}<input type="text" name="name" value="{{NAME}}" autocomplete="name" required maxlength="100"></label>
  <label>{{T_TICKETS_FIELD_EMAIL}}<input type="email" name="email" value="{{EMAIL}}" autocomplete="email" required maxlength="254"{{#SIGNED_IN_EMAIL}} readonly{{/SIGNED_IN_EMAIL}}></label>
  <label>{{T_TICKETS_FIELD_SUBJECT}}<input type="text" name="subject" id="ticket-subject" value="{{SUBJECT}}" required maxlength="200" data-suggest="{{SUGGEST_URL}}" aria-controls="ticket-suggestions"></label>
  <div id="ticket-suggestions" class="ticket-suggestions" aria-live="polite" hidden><p>{{T_DESK_SUGGEST_HEADING}}</p><ul></ul></div>
  <label>{{T_TICKETS_FIELD_MESSAGE}}<textarea name="message" rows="10" required maxlength="20000">{{MESSAGE}}</textarea></label>
  <label>{{T_TICKETS_FIELD_ATTACHMENTS}}<input type="file" name="attachments" multiple></label>
  <p class="muted">{{ATTACHMENTS_HINT}}</p>
  <button type="submit">{{T_TICKETS_NEW_SUBMIT}}</button>
</form>
</section>
<script src="{{SUGGEST_SCRIPT_URL}}" defer></script>
