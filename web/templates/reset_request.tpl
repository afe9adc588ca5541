{{%AUTOESCAPE context="HTML"}}<section class="card narrow">
<h1>{{T_RESET_HEADING}}</h1>
{{#NOTICE}}<p class="notice" role="alert">{{NOTICE_TEXT}}</p>{{/NOTICE}}
{{#ERROR}}<p class="error" role="alert">{{ERROR_TEXT}}</p>{{/ERROR}}
<p>{{T_RESET_INTRO}}</p>
<form method="post" action="/reset-password">
  <input type="hidden" name="_dp_csrf_token" value="{{CSRF}}">
  <label>{{T_LOGIN_EMAIL}}<input type="email" name="email" value="{{EMAIL}}" autocomplete="email" required maxlength="254"></label>
  <button type="submit">{{T_RESET_SUBMIT}}</button>
</form>
</section>
