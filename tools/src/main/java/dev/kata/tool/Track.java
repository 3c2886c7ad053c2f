package dev.kata.tool;

import static dev.kata.tool.Kata.ROOT;
import static dev.kata.tool.Kata.read;
import static dev.kata.tool.Kata.write;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The two ways the kata is used. On the full track (the default, and what is committed) every step
 * is the learner's. On the workshop track only each module's core steps are (its workshop.md names
 * them); the other steps are filled in from the reference, marked as given, so that a room writes
 * the pattern in its exercise slot. The choice is this checkout's, kept in .kata/track (not in git):
 * a default line and a line per module that differs from it.
 */
enum Track {
    FULL, WORKSHOP;

    static final Path STATE = ROOT.resolve(".kata/track");

    String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Track parse(String word) {
        for (Track t : values()) {
            if (t.word().equals(word)) {
                return t;
            }
        }
        throw new KataError("no track '" + word + "'; the tracks are workshop (the core steps yours, the rest given) and full (every step yours)");
    }

    /** The track of each module name ("default" for the rest), as .kata/track says. */
    static Map<String, Track> state() {
        Map<String, Track> state = new LinkedHashMap<>();
        if (Files.isRegularFile(STATE)) {
            for (String line : read(STATE).split("\n")) {
                String[] f = line.strip().split("\\s+");
                if (f.length == 2 && !f[0].startsWith("#")) {
                    state.put(f[0], parse(f[1]));
                }
            }
        }
        return state;
    }

    static Track of(Module module) {
        Map<String, Track> state = state();
        return state.getOrDefault(module.name(), state.getOrDefault("default", FULL));
    }

    /** The steps of the module that the track gives (filled in from the reference): none on the full track. */
    static Set<Integer> given(Module module) {
        if (of(module) == FULL) {
            return Set.of();
        }
        return givenOnWorkshop(module);
    }

    /** The steps the workshop track gives: every step of the module outside its core (none if it names no core). */
    static Set<Integer> givenOnWorkshop(Module module) {
        Workshop workshop = Workshop.of(module);
        if (!workshop.hasCore()) {
            return Set.of();
        }
        Set<Integer> steps = new TreeSet<>(module.steps());
        steps.addAll(Fill.regionSteps(module));
        steps.removeAll(workshop.core());
        return steps;
    }

    /**
     * {@code ./kata track}: shows each module's track; {@code ./kata track workshop|full [NN]}
     * switches every module, or one, keeping what the learner wrote (Fill).
     */
    static int command(List<String> args) {
        if (args.isEmpty()) {
            show();
            return 0;
        }
        Track track = parse(args.get(0));
        if (args.size() > 2) {
            throw new KataError("track takes workshop or full, and a module if only one should change; not " + args.get(2));
        }
        List<Module> modules = args.size() == 2 ? List.of(Module.find(args.get(1))) : Module.all();
        Map<String, Track> state = state();
        if (args.size() == 2) {
            state.put(modules.get(0).name(), track);
        } else {
            state.keySet().removeIf(k -> !k.equals("default"));
            state.put("default", track);
        }
        int kept = 0;
        for (Module module : modules) {
            Set<Integer> given = track == WORKSHOP ? givenOnWorkshop(module) : Set.of();
            kept += Fill.switchTrack(module, given);
        }
        saveState(state);
        System.out.println();
        show();
        if (kept > 0) {
            System.out.println("\n" + kept + " region(s) kept as you wrote them (listed above): nothing of yours was replaced.");
        }
        return 0;
    }

    static void saveState(Map<String, Track> state) {
        StringBuilder out = new StringBuilder("# ./kata track writes this file: the track of this checkout (default) and of modules that differ.\n");
        state.forEach((k, v) -> out.append(k).append(' ').append(v.word()).append('\n'));
        write(STATE, out.toString());
    }

    /** One line per module: its track, and which steps are the learner's. */
    static void show() {
        for (Module module : Module.all()) {
            Workshop workshop = Workshop.of(module);
            Track track = of(module);
            String core = workshop.hasCore() ? "core steps " + steps(workshop.core()) : "no core steps named (no " + Workshop.FILE + ")";
            Set<Integer> given = given(module);
            System.out.printf(Locale.ROOT, "  %-22s %-9s %s%s%n", module.name(), track.word(), core,
                    given.isEmpty() ? "; every step yours" : "; given: " + steps(given));
        }
        System.out.println("\n./kata track workshop [NN]: only the core steps are yours, the others filled in and marked as given."
                + "\n./kata track full [NN]: every step is yours again; what you wrote stays.");
    }

    static String steps(java.util.Collection<Integer> steps) {
        return steps.stream().map(String::valueOf).collect(Collectors.joining(", "));
    }
}
