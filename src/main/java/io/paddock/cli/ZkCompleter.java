package io.paddock.cli;

import java.util.ArrayList;
import java.util.List;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

/**
 * Tab completion for the shell: the first word completes to a command name, a word that starts
 * with {@code /} to the znodes under the parent of what is typed (one getChildren of that
 * parent). Completion never connects or reconnects: with no live connection it offers no
 * paths, and a failed getChildren (no such parent, no permission) offers none either.
 *
 * <p>Thread: JLine calls it on the shell's thread while a line is read. Stateless apart from
 * the fixed command list.
 */
final class ZkCompleter implements Completer {
    private final Connector connector;
    private final List<String> commands;

    ZkCompleter(Connector connector, List<String> commands) {
        this.connector = connector;
        this.commands = List.copyOf(commands);
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        if (line.wordIndex() == 0) {
            for (String c : commands) {
                candidates.add(new Candidate(c));
            }
            return;
        }
        String typed = line.word().substring(0, line.wordCursor());
        for (String path : pathCandidates(typed)) {
            String name = path.substring(path.lastIndexOf('/') + 1);
            // Not "complete": no space is appended, so the user can go on with "/" and Tab again.
            candidates.add(new Candidate(path, name, null, null, null, null, false));
        }
    }

    /** The full paths of the znodes that {@code typed} may continue into, sorted; empty when none. */
    List<String> pathCandidates(String typed) {
        if (!typed.startsWith("/")) {
            return List.of();
        }
        int slash = typed.lastIndexOf('/');
        String parent = slash == 0 ? "/" : typed.substring(0, slash);
        String prefix = typed.substring(slash + 1);
        ZkConnection up = connector.connectionIfUp();
        if (up == null) {
            return List.of();
        }
        List<String> children;
        try {
            children = new ZkClient(up).getChildren(parent, false, false).children();
        } catch (ZkException | ConnectionException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String name : children) {
            if (name.startsWith(prefix)) {
                out.add(ZkOp.child(parent, name));
            }
        }
        return out;
    }
}
