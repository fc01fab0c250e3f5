"""Classes (issue 27), no Gradio: opt-in student records in a real database (`db`, `models`,
Alembic `migrations/`), mastery per skill by Bayesian Knowledge Tracing (`mastery`), the adaptive
choice of the next practice problem (`selection`) and the teacher's dashboard data
(`dashboard`)."""
