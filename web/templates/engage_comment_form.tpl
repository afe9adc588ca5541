{{%AUTOESCAPE context="HTML"}}<form method="post" action="{{ACTION}}" class="comment-form" id="comment-form">
  <h3>{{T_ENGAGE_COMMENTS_FORM_HEADING}}</h3>
  {{#NOTICE}}<p class="notice" role="alert">{{NOTICE_TEXT}}</p>{{/NOTICE}}
  {{#ERROR}}<p class="error" role="alert">{{ERROR_TEXT}}</p>{{/ERROR}}
  <input type="hidden" name="_dp_csrf_token" value="{{CSRF}}">
  {{#GUEST}}<label>{{T_ENGAGE_COMMENTS_NAME}}<input type="text" name="name" value="{{NAME}}" maxlength="100" autocomplete="name" required></label>
  <label>{{T_ENGAGE_COMMENTS_EMAIL}}<input type="email" name="email" value="{{EMAIL}}" maxlength="254" autocomplete="email" required></label>{{/GUEST}}
  <label>{{T_ENGAGE_COMMENTS_BODY}}<textarea name="body" rows="5" maxlength="5000" required>{{BODY}}</textarea></label>
  <p class="muted">{{T_ENGAGE_COMMENTS_MODERATION_NOTE}}</p>
  <button type="submit">{{T_ENGAGE_COMMENTS_SUBMIT}}</button>
</form>
