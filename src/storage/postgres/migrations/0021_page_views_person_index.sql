-- Issue 10. Most page views are anonymous (person_id NULL), and the index by
-- person was written for every one of them; only the views of a known person
-- are ever looked up by person (`person_id = ?` implies NOT NULL, so the
-- planner still uses it). One index insert less per recorded view.
DROP INDEX page_views_person_at;
CREATE INDEX page_views_person_at ON page_views (person_id, at_ms) WHERE person_id IS NOT NULL;
