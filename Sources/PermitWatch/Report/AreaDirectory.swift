import Enforcement
import Store

/// The area hierarchy by level and code, for naming a report's rows and finding an area's
/// grids, towns, counties without reading polygons.
struct AreaDirectory {
    private var entries: [AreaLevel: [String: AreaDirectoryEntry]] = [:]
    private var children: [String: [AreaDirectoryEntry]] = [:]

    init(_ list: [AreaDirectoryEntry]) {
        for entry in list {
            entries[entry.level, default: [:]][entry.code] = entry
            if let parent = entry.parentCode { children[parent, default: []].append(entry) }
        }
    }

    func entry(_ level: AreaLevel, _ code: String) -> AreaDirectoryEntry? { entries[level]?[code] }

    /// The entry of `code` at whichever level has it, coarsest first.
    func anyEntry(_ code: String) -> AreaDirectoryEntry? {
        for level in [AreaLevel.prefecture, .county, .town, .grid] { if let entry = entries[level]?[code] { return entry } }
        return nil
    }

    func level(of code: String) -> AreaLevel? { anyEntry(code)?.level }

    /// The codes of the areas of `level` inside `area` (every one of them for nil).
    func descendants(of area: String?, level: AreaLevel) -> [String] {
        guard let area else { return entries[level].map { Array($0.keys) } ?? [] }
        guard let start = anyEntry(area) else { return [] }
        var found: [String] = []
        var stack = [start]
        while let next = stack.popLast() {
            if next.level == level { found.append(next.code); continue }
            stack.append(contentsOf: children[next.code]?.filter { $0.level != next.level } ?? [])
        }
        return found
    }
}
