import Foundation
import GeoKit
import Hummingbird
import HummingbirdTesting
import PermitWatch
import Testing
import TestSupport

/// `/reports/weekly` on the shared small province: the formats, the errors, and the HTML page
/// rendered by headless Chromium.
@Suite("Weekly report over HTTP")
struct ReportsRouterTests {
    @Test func formatsAnswerWithTheirMediaTypesAndTheSameRows() async throws {
        try await ServerFixture.withClient(token: .reader) { client in
            let json = try await client.execute(uri: "/reports/weekly?week=2020-W40&f=json", method: .get)
            #expect(json.status == .ok)
            #expect(json.headers[.contentType] == "application/json")
            let document = try json.json()
            let rows = document["rows"]?.arrayValue?.count ?? 0
            #expect(rows > 100)
            #expect(document["week"]?.stringValue == "2020-W40")
            #expect(document["prefectures"]?.arrayValue?.count == 21)

            let csv = try await client.execute(uri: "/reports/weekly?week=2020-W40&f=csv", method: .get)
            #expect(csv.status == .ok)
            let lines = csv.text.split(separator: "\r\n")
            #expect(lines.first.map(String.init) == WeeklyReportResult.columns.joined(separator: ","))
            #expect(lines.count == rows + 1)

            let geojson = try await client.execute(uri: "/reports/weekly?week=2020-W40&f=geojson", method: .get)
            #expect(geojson.headers[.contentType] == "application/geo+json")
            #expect(try geojson.json()["features"]?.arrayValue?.count == rows)

            // The square grid of the stored hot-spot run (5 km) carries its bins.
            let cells = try await client.execute(uri: "/reports/weekly?week=2020-W40&grid=square:5000&f=json", method: .get)
            let cellRows = try cells.json()["rows"]?.arrayValue ?? []
            #expect(cellRows.contains { ($0["hotspot_bin"]?.doubleValue ?? 0) > 0 }, "no hot-spot bin on the run's own grid")
            #expect(try cells.json()["hotspot_run"]?.doubleValue != nil)
            #expect(document["hotspot_run"] == .null, "the admin report must not take bins from a square-grid run")
        }
    }

    @Test func badParametersAreProblemsNamingTheParameter() async throws {
        try await ServerFixture.withClient(token: .reader) { client in
            for (query, parameter) in [("week=2020-W60", "week"), ("week=2015-W05", "week"), ("grid=hex:3", "grid"), ("f=pdf", "f"), ("area=nowhere", "area"), ("inspection_weeks=0", "inspection_weeks"), ("colour=red", "colour")] {
                let response = try await client.execute(uri: "/reports/weekly?\(query)", method: .get)
                #expect(response.status == .badRequest, "\(query)")
                #expect(response.headers[.contentType] == "application/problem+json")
                #expect(try response.json()["parameter"]?.stringValue == parameter, "\(query): \(response.text)")
            }
            let api = try await client.execute(uri: "/api", method: .get)
            #expect(try api.json()["paths"]?["/reports/weekly"] != nil)
        }
    }

    @Test(.requires(.chromium, .tool("fc-match", package: "fontconfig")))
    func theHTMLReportRendersInChromiumWithOneShapePerGridAndCJKFonts() async throws {
        let page = ServerProcess.artifacts.appendingPathComponent("weekly-report.html")
        let rows = LockedBox<Int>(0)
        try await ServerFixture.withClient(token: .reader) { client in
            let html = try await client.execute(uri: "/reports/weekly?week=2020-W40&f=html", method: .get)
            #expect(html.status == .ok)
            #expect(html.headers[.contentType] == "text/html; charset=utf-8")
            try Data(html.text.utf8).write(to: page)
            let json = try await client.execute(uri: "/reports/weekly?week=2020-W40&f=json", method: .get)
            rows.value = try json.json()["rows"]?.arrayValue?.count ?? 0
        }
        let text = try String(contentsOf: page, encoding: .utf8)
        #expect(text.contains("<meta charset=\"utf-8\">"))
        #expect(text.contains("\"Noto Sans CJK SC\""))
        #expect(text.contains("@page{size:A4"))
        #expect(!text.contains("src=") && !text.contains("<link"), "the page must not load anything")

        let chromium = try #require(ExternalTool.chromium, "chromium is not installed (scripts/setup.sh --tests installs it)")
        let common = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1240,1754", "--enable-logging=stderr", "--v=0"]
        let dom = try #require(try runTool(chromium, common + ["--dump-dom", page.absoluteString], timeout: 120))
        #expect(dom.status == 0, "\(dom.error)")
        // Shapes in the map as the browser parsed them: one per grid.
        let shapes = dom.output.components(separatedBy: "<path class=\"c").count - 1
        #expect(shapes == rows.value, "\(shapes) shapes for \(rows.value) grids")
        let consoleErrors = dom.error.split(separator: "\n").filter { $0.contains("CONSOLE") || $0.contains("Uncaught") }
        #expect(consoleErrors.isEmpty, "\(consoleErrors)")

        let screenshot = ServerProcess.artifacts.appendingPathComponent("weekly-report.png")
        try? FileManager.default.removeItem(at: screenshot)
        let shot = try #require(try runTool(chromium, common + ["--screenshot=\(screenshot.path)", page.absoluteString], timeout: 120))
        #expect(shot.status == 0, "\(shot.error)")
        let size = (try? FileManager.default.attributesOfItem(atPath: screenshot.path)[.size] as? Int) ?? 0
        #expect(size > 20_000, "the screenshot is missing or blank (\(size) bytes)")

        // Chinese names are drawn with a CJK font, not tofu: the stack's first family is
        // installed, and fontconfig's choice for Chinese text is a CJK font.
        let first = try #require(try runTool("fc-match", ["-f", "%{family}", "Noto Sans CJK SC"]), "fontconfig is not installed")
        #expect(first.output.contains("Noto Sans CJK SC"), "fc-match picks \(first.output) for Noto Sans CJK SC (apt-get install fonts-noto-cjk)")
        let chinese = try #require(try runTool("fc-match", ["-f", "%{family}", "sans-serif:lang=zh-cn"]))
        #expect(chinese.output.contains("CJK"), "Chinese text falls back to \(chinese.output)")
    }
}

/// A value the test's client closure sets and the test reads after it.
final class LockedBox<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: T
    init(_ value: T) { stored = value }
    var value: T {
        get { lock.lock(); defer { lock.unlock() }; return stored }
        set { lock.lock(); defer { lock.unlock() }; stored = newValue }
    }
    /// Reads and changes the value in one step.
    func withLock<R>(_ body: (inout T) -> R) -> R {
        lock.lock()
        defer { lock.unlock() }
        return body(&stored)
    }
}
