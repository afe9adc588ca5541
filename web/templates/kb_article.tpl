{{%AUTOESCAPE context="HTML"}}<article class="kb-article">
<nav class="crumbs" aria-label="{{T_KB_BREADCRUMBS}}"><a href="{{KB_URL}}">{{T_KB_HEADING}}</a>{{#CATEGORY}} › <a href="{{CATEGORY_URL}}">{{CATEGORY_TITLE}}</a>{{/CATEGORY}}</nav>
{{#FALLBACK}}<p class="notice" role="status">{{FALLBACK_TEXT}}</p>{{/FALLBACK}}
<h1 lang="{{CONTENT_LANG}}">{{TITLE}}</h1>
<p class="kb-meta"><span class="kb-author">{{AUTHOR}}</span> · <time datetime="{{DATE_ISO}}">{{DATE}}</time>{{#CATEGORY}} · <a class="kb-category-link" href="{{CATEGORY_URL}}">{{CATEGORY_TITLE}}</a>{{/CATEGORY}} · <a class="kb-comment-count" href="#comments">{{COMMENT_COUNT}}</a></p>
<div class="kb-body" lang="{{CONTENT_LANG}}">
{{BODY_HTML:none}}
</div>
</article>
{{>VOTES}}
{{>COMMENTS}}
