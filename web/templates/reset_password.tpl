{{%AUTOESCAPE context="HTML"}}<section class="card narrow">
<h1>{{T_RESET_CHOOSE_HEADING}}</h1>
{{#NOTICE}}<p class="notice" role="alert">{{NOTICE_TEXT}}</p>{{/NOTICE}}
{{#ERROR}}<p class="error" role="alert">{{ERROR_TEXT}}</p>{{/ERROR}}
<form method="post" action="{{ACTION}}">
  <input type="hidden" name="_dp_csrf_token" value="{{CSRF}}">
  <label>{{T_ACCOUNT_NEW_PASSWORD}}<input type="password" name="password" autocomplete="new-password" required minlength="8" maxlength="1024"></label>
  <label>{{T_REGISTER_PASSWORD_CONFIRM}}<input type="password" name="password_confirm" autocomplete="new-password" required minlength="8" maxlength="1024"></label>
  <p class="hint">{{T_REGISTER_PASSWORD_HINT}}</p>
  <button type="submit">{{T_RESET_CHOOSE_SUBMIT}}</button>
</form>
</section>
