{{%AUTOESCAPE context="HTML"}}<section class="card wide kb-editor">
<nav class="admin-nav"><a href="{{NAV_ARTICLES}}">{{T_KB_EDITOR_ARTICLES}}</a> <a href="{{NAV_NEW}}">{{T_KB_EDITOR_NEW_HEADING}}</a> <a href="{{NAV_CATEGORIES}}" aria-current="page">{{T_KB_EDITOR_CATEGORIES_HEADING}}</a></nav>
<h1>{{T_KB_EDITOR_CATEGORIES_HEADING}}</h1>
{{#NOTICE}}<p class="notice" role="alert">{{NOTICE_TEXT}}</p>{{/NOTICE}}
{{#SAVED}}<p class="flash" role="status">{{T_KB_EDITOR_SAVED}}</p>{{/SAVED}}
{{#EMPTY}}<p class="muted">{{T_KB_EMPTY}}</p>{{/EMPTY}}
{{#CATEGORY}}<details class="kb-category-edit depth-{{DEPTH}}"{{#ERRORS}} open{{/ERRORS}}>
<summary>{{HEADING}}</summary>
<form method="post" action="/agent/kb/categories">
  <input type="hidden" name="_dp_csrf_token" value="{{CSRF}}">
  <input type="hidden" name="id" value="{{ID}}">
  {{#ERRORS}}<ul class="error" role="alert">{{#ERROR}}<li>{{TEXT}}</li>{{/ERROR}}</ul>{{/ERRORS}}
  <label>{{T_KB_EDITOR_PARENT}}<select name="parent_id">{{#PARENT}}<option value="{{PARENT_ID}}"{{#SELECTED}} selected{{/SELECTED}}>{{PARENT_LABEL}}</option>{{/PARENT}}</select></label>
  <label>{{T_KB_EDITOR_POSITION}}<input type="number" name="position" value="{{POSITION}}" min="-1000000" max="1000000"></label>
  {{#LANG}}<fieldset class="kb-lang" lang="{{CODE}}"><legend>{{NAME}}</legend>
    <label>{{T_KB_EDITOR_TITLE}}<input type="text" name="title_{{CODE}}" value="{{TITLE}}" maxlength="120"></label>
    <label>{{T_KB_EDITOR_SLUG}}<input type="text" name="slug_{{CODE}}" value="{{SLUG}}" maxlength="80" placeholder="{{T_KB_EDITOR_SLUG_HINT}}"></label>
    <label>{{T_KB_EDITOR_DESCRIPTION}}<input type="text" name="description_{{CODE}}" value="{{DESCRIPTION}}" maxlength="500"></label>
  </fieldset>{{/LANG}}
  <button type="submit">{{T_KB_EDITOR_SAVE}}</button>
</form>
</details>
{{/CATEGORY}}
{{#NEW}}<section class="kb-category-new">
<h2>{{T_KB_EDITOR_NEW_CATEGORY}}</h2>
<form method="post" action="/agent/kb/categories">
  <input type="hidden" name="_dp_csrf_token" value="{{CSRF}}">
  <input type="hidden" name="id" value="0">
  {{#ERRORS}}<ul class="error" role="alert">{{#ERROR}}<li>{{TEXT}}</li>{{/ERROR}}</ul>{{/ERRORS}}
  <label>{{T_KB_EDITOR_PARENT}}<select name="parent_id">{{#PARENT}}<option value="{{PARENT_ID}}"{{#SELECTED}} selected{{/SELECTED}}>{{PARENT_LABEL}}</option>{{/PARENT}}</select></label>
  <label>{{T_KB_EDITOR_POSITION}}<input type="number" name="position" value="{{POSITION}}" min="-1000000" max="1000000"></label>
  {{#LANG}}<fieldset class="kb-lang" lang="{{CODE}}"><legend>{{NAME}}</legend>
    <label>{{T_KB_EDITOR_TITLE}}<input type="text" name="title_{{CODE}}" value="{{TITLE}}" maxlength="120"></label>
    <label>{{T_KB_EDITOR_SLUG}}<input type="text" name="slug_{{CODE}}" value="{{SLUG}}" maxlength="80" placeholder="{{T_KB_EDITOR_SLUG_HINT}}"></label>
    <label>{{T_KB_EDITOR_DESCRIPTION}}<input type="text" name="description_{{CODE}}" value="{{DESCRIPTION}}" maxlength="500"></label>
  </fieldset>{{/LANG}}
  <button type="submit">{{T_KB_EDITOR_CREATE}}</button>
</form>
</section>{{/NEW}}
</section>
