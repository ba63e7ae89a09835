/// The weekly report's trend chart as inline SVG: unlicensed at each week's end (left scale)
/// and found and resolved during each week (right scale), one polyline each.
struct ReportTrendSVG {
    func render(_ trend: [WeeklyTrendPoint]) -> String {
        guard trend.count > 1 else { return "<p>Not enough weeks for a trend.</p>" }
        let width = 640.0, height = 220.0, left = 56.0, right = 56.0, top = 16.0, bottom = 40.0
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        let stockMax = Double(max(1, trend.map(\.unlicensed).max() ?? 1))
        let flowMax = Double(max(1, trend.map { max($0.found, $0.resolved) }.max() ?? 1))
        func x(_ i: Int) -> Double { left + plotWidth * Double(i) / Double(trend.count - 1) }
        func y(_ value: Int, _ scaleTop: Double) -> Double { top + plotHeight * (1 - Double(value) / scaleTop) }
        func line(_ values: [Int], _ scaleTop: Double, _ colour: String, _ dash: String) -> String {
            let points = values.enumerated().map { String(format: "%.1f,%.1f", x($0.offset), y($0.element, scaleTop)) }.joined(separator: " ")
            return "<polyline fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2\"\(dash) points=\"\(points)\"/>"
        }
        var svg = "<svg class=\"trend\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"12-week trend\">"
        svg += "<rect x=\"\(left)\" y=\"\(top)\" width=\"\(plotWidth)\" height=\"\(plotHeight)\" fill=\"none\" stroke=\"#bbb\"/>"
        svg += line(trend.map(\.unlicensed), stockMax, "#a50f15", "")
        svg += line(trend.map(\.found), flowMax, "#e6550d", " stroke-dasharray=\"5 3\"")
        svg += line(trend.map(\.resolved), flowMax, "#31a354", " stroke-dasharray=\"2 2\"")
        svg += "<text x=\"\(left - 4)\" y=\"\(top + 10)\" text-anchor=\"end\">\(Int(stockMax))</text><text x=\"\(left - 4)\" y=\"\(top + plotHeight)\" text-anchor=\"end\">0</text>"
        svg += "<text x=\"\(width - right + 4)\" y=\"\(top + 10)\">\(Int(flowMax))</text><text x=\"\(width - right + 4)\" y=\"\(top + plotHeight)\">0</text>"
        for (i, point) in trend.enumerated() where i % 2 == (trend.count - 1) % 2 {
            svg += "<text x=\"\(String(format: "%.1f", x(i)))\" y=\"\(height - bottom + 16)\" text-anchor=\"middle\">\(point.week.suffix(3))</text>"
        }
        svg += "<text x=\"\(left)\" y=\"\(height - 4)\" fill=\"#a50f15\">— unlicensed (left)</text>"
        svg += "<text x=\"\(left + 190)\" y=\"\(height - 4)\" fill=\"#e6550d\">- - found (right)</text>"
        svg += "<text x=\"\(left + 350)\" y=\"\(height - 4)\" fill=\"#31a354\">··· resolved (right)</text>"
        return svg + "</svg>"
    }
}
