from django.contrib import admin

from sources.models import Country, Entity, Evidence, ReferenceEvent, Snapshot, Source, UNResolution


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "publisher", "reliability", "url"]
    list_filter = ["kind", "reliability"]
    search_fields = ["title", "url", "publisher"]


@admin.register(Snapshot)
class SnapshotAdmin(admin.ModelAdmin):
    list_display = ["source", "fetched_at", "status_code", "content_type", "sha256"]
    list_select_related = ["source"]
    readonly_fields = [
        "source",
        "fetched_at",
        "final_url",
        "status_code",
        "content_type",
        "sha256",
        "title",
        "text",
        "metadata",
    ]


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    list_display = ["claim", "source", "stance", "origin", "added_by", "created_at"]
    list_filter = ["stance", "origin"]
    list_select_related = ["claim", "source", "added_by"]
    raw_id_fields = ["claim", "source", "snapshot"]


@admin.register(UNResolution)
class UNResolutionAdmin(admin.ModelAdmin):
    list_display = ["number", "symbol", "adopted_on", "agenda"]
    list_filter = ["year"]
    search_fields = ["=number", "symbol", "agenda"]


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["iso2", "name_en", "name_ar"]
    search_fields = ["iso2", "iso3", "name_en", "name_ar"]


@admin.register(Entity)
class EntityAdmin(admin.ModelAdmin):
    list_display = ["name_en", "name_ar", "kind", "country"]
    list_filter = ["kind"]
    search_fields = ["slug", "name_en", "name_ar"]


@admin.register(ReferenceEvent)
class ReferenceEventAdmin(admin.ModelAdmin):
    list_display = ["occurred_on", "title_en", "title_ar"]
    search_fields = ["title_en", "title_ar"]
