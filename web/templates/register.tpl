{{%AUTOESCAPE context="HTML"}}<section class="card narrow">
<h1>{{T_REGISTER_HEADING}}</h1>
{{#NOTICE}}<p class="notice" role="alert">{{NOTICE_TEXT}}</p>{{/NOTICE}}
{{#ERROR}}<p class="error" role="alert">{{ERROR_TEXT}}</p>{{/ERROR}}
<form method="post" action="/register">
  <input type="hidden" name="_dp_csrf_token" value="{{CSRF}}">
  <input type="hidden" name="return_to" value="{{RETURN_TO}}">
  <label>{{T_REGISTER_NAME}}<input type="text" name="name" value="{{NAME}}" autocomplete="name" required maxlength="100"></label>
  <label>{{T_LOGIN_EMAIL}}<input type="email" name="email" value="{{EMAIL}}" autocomplete="email" required maxlength="254"></label>
  <label>{{T_REGISTER_PASSWORD}}<input type="password" name="password" autocomplete="new-password" required minlength="8" maxlength="1024"></label>
  <label>{{T_REGISTER_PASSWORD_CONFIRM}}<input type="password" name="password_confirm" autocomplete="new-password" required minlength="8" maxlength="1024"></label>
  <p class="hint">{{T_REGISTER_PASSWORD_HINT}}</p>
  {{#REMEMBER}}<label class="check"><input type="checkbox" name="remember_me" value="1"{{#CHECKED}} checked{{/CHECKED}}> {{T_LOGIN_REMEMBER_ME}}</label>{{/REMEMBER}}
  <button type="submit">{{T_REGISTER_SUBMIT}}</button>
</form>
<p><a href="/login">{{T_REGISTER_HAVE_ACCOUNT}}</a></p>
</section>
