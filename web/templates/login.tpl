{{%AUTOESCAPE context="HTML"}}<section class="card narrow">
<h1>{{HEADING}}</h1>
{{#NOTICE}}<p class="notice" role="alert">{{NOTICE_TEXT}}</p>{{/NOTICE}}
{{#ERROR}}<p class="error" role="alert">{{ERROR_TEXT}}</p>{{/ERROR}}
<form method="post" action="{{ACTION}}">
  <input type="hidden" name="_dp_csrf_token" value="{{CSRF}}">
  <input type="hidden" name="return_to" value="{{RETURN_TO}}">
  <label>{{T_LOGIN_EMAIL}}<input type="email" name="email" value="{{EMAIL}}" autocomplete="username" required maxlength="254"></label>
  <label>{{T_LOGIN_PASSWORD}}<input type="password" name="password" autocomplete="current-password" required maxlength="1024"></label>
  {{#REMEMBER}}<label class="check"><input type="checkbox" name="remember_me" value="1"{{#CHECKED}} checked{{/CHECKED}}> {{T_LOGIN_REMEMBER_ME}}</label>{{/REMEMBER}}
  <button type="submit">{{T_LOGIN_SUBMIT}}</button>
</form>
{{#PORTAL_LINKS}}<p><a href="/reset-password">{{T_RESET_LINK}}</a> · <a href="/register">{{T_REGISTER_LINK}}</a></p>{{/PORTAL_LINKS}}
</section>
