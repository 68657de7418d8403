/// The four penalty rules a QR encoder scores each mask by (ISO/IEC 18004 §7.8.3); the mask with
/// the lowest score is used.
///
/// 1. Runs of five or more modules of one colour in a row or column: 3, plus 1 a module past five.
/// 2. Each 2×2 block of one colour: 3.
/// 3. A finder-like dark-light-dark-dark-dark-light-dark run (1:1:3:1:1, at any scale) with four
///    light modules' width on either side: 40. A light run that reaches the symbol's edge goes on
///    into the 4-module quiet zone, so it counts as wide enough whatever its length.
/// 4. The share of dark modules: 10 for every full 5% it is away from 50%.
///
/// Read this way, the rules choose the mask `qrencode` chooses (QRCodeReferenceTests).
enum QRPenalty {
    static func score(_ modules: [Bool], size: Int) -> Int {
        var total = 0
        var runs: [Int] = []
        runs.reserveCapacity(size)
        for line in 0..<size {
            for vertical in [false, true] {
                runs.removeAll(keepingCapacity: true)
                // The first run is dark-or-light as the line starts; `firstDark` says which.
                let firstDark = modules[vertical ? line : line * size]
                var previous = firstDark
                var length = 0
                for index in 0..<size {
                    let module = modules[vertical ? index * size + line : line * size + index]
                    if module == previous {
                        length += 1
                    } else {
                        runs.append(length)
                        previous = module
                        length = 1
                    }
                }
                runs.append(length)
                total += lineScore(runs, firstDark: firstDark)
            }
        }
        for row in 0..<(size - 1) {
            for column in 0..<(size - 1) {
                let colour = modules[row * size + column]
                if modules[row * size + column + 1] == colour && modules[(row + 1) * size + column] == colour
                    && modules[(row + 1) * size + column + 1] == colour {
                    total += 3
                }
            }
        }
        var dark = 0
        for module in modules where module { dark += 1 }
        let percent = (200 * dark + modules.count) / modules.count / 2
        total += abs(percent - 50) / 5 * 10
        return total
    }

    /// Rules 1 and 3 on one row or column given as run lengths, alternating colours from
    /// `firstDark`.
    static func lineScore(_ runs: [Int], firstDark: Bool) -> Int {
        var score = 0
        for index in runs.indices {
            let length = runs[index]
            if length >= 5 { score += 3 + length - 5 }
            let dark = (index % 2 == 0) == firstDark
            guard dark, length % 3 == 0, index >= 2, index + 2 < runs.count else { continue }
            let unit = length / 3
            guard runs[index - 2] == unit, runs[index - 1] == unit, runs[index + 1] == unit, runs[index + 2] == unit else { continue }
            // index - 3 == 0 and index + 3 == the last run: light runs at the edge, then the quiet zone.
            let lightBefore = index - 3 <= 0 || runs[index - 3] >= 4 * unit
            let lightAfter = index + 3 >= runs.count - 1 || runs[index + 3] >= 4 * unit
            if lightBefore || lightAfter { score += 40 }
        }
        return score
    }

    /// A line of modules as run lengths and the colour of the first (for tests).
    static func runs(_ line: [Bool]) -> (runs: [Int], firstDark: Bool) {
        var runs: [Int] = []
        var previous: Bool?
        for module in line {
            if module == previous { runs[runs.count - 1] += 1 } else { runs.append(1) }
            previous = module
        }
        return (runs, line.first ?? false)
    }
}
