{{%AUTOESCAPE context="HTML"}}<section class="account">
<h1>{{T_ACCOUNT_HEADING}}</h1>
<p class="muted">{{EMAIL}} · {{MEMBER_SINCE}} · <a href="/account/sessions">{{T_SESSIONS_HEADING}}</a></p>
{{#MESSAGE}}<p class="{{CLASS}}" role="alert">{{TEXT}}</p>{{/MESSAGE}}
{{#VIA_REMEMBER}}<p class="notice">{{T_ACCOUNT_VIA_REMEMBER}}</p>{{/VIA_REMEMBER}}

<div class="card">
<h2>{{T_ACCOUNT_PROFILE_HEADING}}</h2>
{{#PROFILE_MESSAGE}}<p class="{{CLASS}}" role="alert">{{TEXT}}</p>{{/PROFILE_MESSAGE}}
<form method="post" action="/account/profile">
  <input type="hidden" name="_dp_csrf_token" value="{{CSRF}}">
  <label>{{T_REGISTER_NAME}}<input type="text" name="name" value="{{NAME}}" autocomplete="name" required maxlength="100"></label>
  <label>{{T_ACCOUNT_LANGUAGE}}<select name="language">{{#LANGUAGE}}<option value="{{CODE}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>{{/LANGUAGE}}</select></label>
  <button type="submit">{{T_ACCOUNT_SAVE}}</button>
</form>
</div>

<div class="card">
<h2>{{T_ACCOUNT_PASSWORD_HEADING}}</h2>
{{#PASSWORD_MESSAGE}}<p class="{{CLASS}}" role="alert">{{TEXT}}</p>{{/PASSWORD_MESSAGE}}
<form method="post" action="/account/password">
  <input type="hidden" name="_dp_csrf_token" value="{{CSRF}}">
  <label>{{T_ACCOUNT_CURRENT_PASSWORD}}<input type="password" name="current_password" autocomplete="current-password" required maxlength="1024"></label>
  <label>{{T_ACCOUNT_NEW_PASSWORD}}<input type="password" name="password" autocomplete="new-password" required minlength="8" maxlength="1024"></label>
  <label>{{T_REGISTER_PASSWORD_CONFIRM}}<input type="password" name="password_confirm" autocomplete="new-password" required minlength="8" maxlength="1024"></label>
  <p class="hint">{{T_ACCOUNT_PASSWORD_HINT}}</p>
  <button type="submit">{{T_ACCOUNT_CHANGE_PASSWORD}}</button>
</form>
</div>

<div class="card">
<h2>{{T_ACCOUNT_EMAIL_HEADING}}</h2>
{{#EMAIL_MESSAGE}}<p class="{{CLASS}}" role="alert">{{TEXT}}</p>{{/EMAIL_MESSAGE}}
<form method="post" action="/account/email">
  <input type="hidden" name="_dp_csrf_token" value="{{CSRF}}">
  <label>{{T_ACCOUNT_NEW_EMAIL}}<input type="email" name="email" value="{{NEW_EMAIL}}" autocomplete="email" required maxlength="254"></label>
  <label>{{T_ACCOUNT_CURRENT_PASSWORD}}<input type="password" name="current_password" autocomplete="current-password" required maxlength="1024"></label>
  <button type="submit">{{T_ACCOUNT_CHANGE_EMAIL}}</button>
</form>
</div>
</section>
