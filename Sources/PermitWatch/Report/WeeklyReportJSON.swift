import Enforcement
import GeoKit

extension WeeklyReportResult {
    /// The whole report as one JSON document: the week, the rows, the totals by level, the
    /// prefecture rankings, the trend and the overdue notices.
    public func json() -> JSONValue {
        func number(_ value: Int?) -> JSONValue { value.map { .number(Double($0)) } ?? .null }
        func text(_ value: String?) -> JSONValue { value.map { .string($0) } ?? .null }
        func figures(_ f: WeeklyFigures) -> [(String, JSONValue)] {
            [
                ("unlicensed", number(f.unlicensed)), ("found", number(f.found)), ("resolved", number(f.resolved)),
                ("resolved_permitted", number(f.resolvedPermitted)), ("resolved_registered", number(f.resolvedRegistered)),
                ("resolved_closed", number(f.resolvedClosed)), ("noticed", number(f.noticed)), ("net_change", number(f.netChange)),
                ("unlicensed_previous", number(f.unlicensedPrevious)), ("rectifying", number(f.rectifying)), ("overdue", number(f.overdue)),
                ("oldest_overdue_days", number(f.oldestOverdueDays)), ("uninspected", number(f.uninspected)), ("sources", number(f.sources)),
            ]
        }
        func totalJSON(_ t: WeeklyReportTotal) -> JSONValue {
            .object(JSONObject([("level", .string(t.level)), ("code", .string(t.code)), ("name", .string(t.name)), ("parent_code", text(t.parentCode))] + figures(t.figures)))
        }
        let rowValues: [JSONValue] = rows.map { row in
            .object(JSONObject([
                ("grid_code", .string(row.code)), ("grid_name", .string(row.name)), ("town_code", text(row.townCode)), ("town_name", text(row.townName)),
                ("county_code", text(row.countyCode)), ("county_name", text(row.countyName)), ("prefecture_code", text(row.prefectureCode)),
                ("prefecture_name", text(row.prefectureName)), ("officer", text(row.officer)),
            ] + figures(row.figures) + [("hotspot_bin", number(row.hotspotBin))]))
        }
        return .object(JSONObject([
            ("week", .string(week.description)), ("monday", .string(week.mondayText)), ("sunday", .string(week.sundayText)),
            ("grid", .string(grid)), ("area", text(area)), ("area_name", text(areaName)), ("inspection_weeks", number(inspectionWeeks)),
            ("inspections_recorded", .bool(inspectionsRecorded)), ("hotspot_run", hotspotRun.map { .number(Double($0)) } ?? .null),
            ("total", totalJSON(self.total)),
            ("prefectures", .array(prefectures.map(totalJSON))), ("counties", .array(counties.map(totalJSON))), ("towns", .array(towns.map(totalJSON))),
            ("ranking_by_unlicensed", .array(prefecturesByUnlicensed.map { .string($0.code) })),
            ("ranking_by_change", .array(prefecturesByChange.map { .string($0.code) })),
            ("trend", .array(trend.map {
                .object(JSONObject([
                    ("week", .string($0.week)), ("unlicensed", number($0.unlicensed)), ("found", number($0.found)),
                    ("resolved", number($0.resolved)), ("noticed", number($0.noticed)),
                ]))
            })),
            ("overdue", .array(overdue.map {
                .object(JSONObject([
                    ("source_id", .string($0.sourceID)), ("name", .string($0.name)), ("grid_code", text($0.gridCode)), ("grid_name", text($0.gridName)),
                    ("town_name", text($0.townName)), ("deadline", .string($0.deadline)), ("days_overdue", number($0.daysOverdue)),
                ]))
            })),
            ("rows", .array(rowValues)),
        ]))
    }
}
