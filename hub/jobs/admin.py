from django.contrib import admin

from hub.jobs.models import Job


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "owner", "state", "checked", "written", "errors", "created_at", "finished_at"]
    list_filter = ["kind", "state"]
    exclude = ["upload", "output"]
    readonly_fields = [f for f in list_display if f != "title"] + ["params", "result", "task_id", "total"]
