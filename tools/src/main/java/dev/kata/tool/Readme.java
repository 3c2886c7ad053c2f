package dev.kata.tool;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** README hints: <a id="step-N"></a> ... <details><summary>Title</summary> text </details>. */
final class Readme {
    static List<String[]> hints(String readme, String step) {
        int start = readme.indexOf("id=\"" + step + "\"");
        if (start < 0) {
            return List.of();
        }
        int end = readme.indexOf("<a id=\"step-", start + 1);
        int nextSection = readme.indexOf("\n## ", start + 1);
        if (end < 0 || (nextSection >= 0 && nextSection < end)) {
            end = nextSection < 0 ? readme.length() : nextSection;
        }
        String section = readme.substring(start, end);
        Matcher m = Pattern.compile("<details>\\s*<summary>(.*?)</summary>(.*?)</details>", Pattern.DOTALL).matcher(section);
        List<String[]> hints = new ArrayList<>();
        while (m.find()) {
            hints.add(new String[] {m.group(1).replaceAll("<[^>]+>", "").strip(), m.group(2)});
        }
        return hints;
    }
}
