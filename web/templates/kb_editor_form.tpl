{{%AUTOESCAPE context="HTML"}}<section class="card wide kb-editor">
<nav class="admin-nav"><a href="{{NAV_ARTICLES}}">{{T_KB_EDITOR_ARTICLES}}</a> <a href="{{NAV_NEW}}">{{T_KB_EDITOR_NEW_HEADING}}</a> <a href="{{NAV_CATEGORIES}}">{{T_KB_EDITOR_CATEGORIES_HEADING}}</a></nav>
<h1>{{HEADING}}</h1>
{{#NOTICE}}<p class="notice" role="alert">{{NOTICE_TEXT}}</p>{{/NOTICE}}
{{#ERRORS}}<ul class="error" role="alert">{{#ERROR}}<li>{{TEXT}}</li>{{/ERROR}}</ul>{{/ERRORS}}
{{#SAVED}}<p class="flash" role="status">{{T_KB_EDITOR_SAVED}}</p>{{/SAVED}}
{{#EXISTING}}{{#VIEW}}<p class="kb-view-link"><a href="{{VIEW_URL}}">{{T_KB_EDITOR_VIEW}} ({{VIEW_LANG}})</a></p>{{/VIEW}}{{/EXISTING}}
<form method="post" action="{{ACTION}}" class="kb-editor-form">
  <input type="hidden" name="_dp_csrf_token" value="{{CSRF}}">
  <label>{{T_KB_EDITOR_CATEGORY}}<select name="category_id" required>{{#CATEGORY}}<option value="{{ID}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>{{/CATEGORY}}</select></label>
  <label>{{T_KB_EDITOR_STATUS}}<select name="status"><option value="draft"{{#DRAFT}} selected{{/DRAFT}}>{{T_KB_EDITOR_STATUS_DRAFT}}</option><option value="published"{{#PUBLISHED}} selected{{/PUBLISHED}}>{{T_KB_EDITOR_STATUS_PUBLISHED}}</option></select></label>
  {{#LANG}}<fieldset class="kb-lang" lang="{{CODE}}">
    <legend>{{NAME}}</legend>
    <label>{{T_KB_EDITOR_TITLE}}<input type="text" name="title_{{CODE}}" value="{{TITLE}}" maxlength="200"></label>
    <label>{{T_KB_EDITOR_SLUG}}<input type="text" name="slug_{{CODE}}" value="{{SLUG}}" maxlength="80" placeholder="{{T_KB_EDITOR_SLUG_HINT}}"></label>
    <label>{{T_KB_EDITOR_BODY}}<textarea name="body_{{CODE}}" rows="14">{{BODY:pre_escape}}</textarea></label>
    {{#PREVIEW}}<div class="kb-preview"><h3>{{T_KB_EDITOR_PREVIEW}}</h3><div class="kb-body">{{PREVIEW_HTML:none}}</div></div>{{/PREVIEW}}
  </fieldset>
  {{/LANG}}
  <button type="submit">{{T_KB_EDITOR_SAVE}}</button>
  <button type="submit" name="preview" value="1" class="secondary">{{T_KB_EDITOR_PREVIEW}}</button>
</form>
{{#EXISTING}}<form method="post" action="{{STATUS_ACTION}}" class="kb-status-form">
  <input type="hidden" name="_dp_csrf_token" value="{{CSRF}}">
  <input type="hidden" name="status" value="{{NEXT_STATUS}}">
  <input type="hidden" name="return_to" value="{{ACTION}}">
  <button type="submit" class="secondary">{{STATUS_BUTTON}}</button>
</form>{{/EXISTING}}
</section>
