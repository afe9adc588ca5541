{{%AUTOESCAPE context="HTML"}}<section class="card wide">
<h1>{{T_DESK_CANNED_HEADING}}</h1>
<p class="muted">{{T_DESK_CANNED_INTRO}}</p>
{{#ERROR}}<p class="error" role="alert">{{ALERT_TEXT}}</p>{{/ERROR}}
{{#NOTICE}}<p class="notice" role="alert">{{ALERT_TEXT}}</p>{{/NOTICE}}
{{#NONE}}<p class="muted">{{T_DESK_CANNED_NONE}}</p>{{/NONE}}
{{#REPLY}}<article class="canned-reply" id="canned-{{ID}}">
<form method="post" action="{{UPDATE_ACTION}}">
  <input type="hidden" name="_dp_csrf_token" value="{{CSRF}}">
  <p class="muted">{{KIND}}</p>
  <label>{{T_DESK_CANNED_TITLE}}<input type="text" name="title" value="{{TITLE}}" required maxlength="200"></label>
  <label>{{T_DESK_CANNED_BODY}}<textarea name="body" rows="4" required maxlength="20000">{{BODY}}</textarea></label>
  <button type="submit" class="small">{{T_DESK_CANNED_SAVE}}</button>
</form>
<form class="inline" method="post" action="{{DELETE_ACTION}}"><input type="hidden" name="_dp_csrf_token" value="{{CSRF}}"><button type="submit" class="small secondary">{{T_DESK_CANNED_DELETE}}</button></form>
</article>
{{/REPLY}}
</section>
<section class="card narrow">
<h2>{{T_DESK_CANNED_NEW}}</h2>
<form method="post" action="/agent/canned">
  <input type="hidden" name="_dp_csrf_token" value="{{CSRF}}">
  <label>{{T_DESK_CANNED_TITLE}}<input type="text" name="title" value="{{NEW_TITLE}}" required maxlength="200"></label>
  <label>{{T_DESK_CANNED_BODY}}<textarea name="body" rows="6" required maxlength="20000">{{NEW_BODY}}</textarea></label>
  <p class="muted">{{T_DESK_CANNED_PLACEHOLDERS}}</p>
  <label class="checkbox"><input type="checkbox" name="shared" value="1"{{#NEW_SHARED}} checked{{/NEW_SHARED}}> {{T_DESK_CANNED_SHARED_LABEL}}</label>
  <button type="submit">{{T_DESK_CANNED_CREATE}}</button>
</form>
</section>
