package io.natsj.config;

import io.natsj.auth.Account;
import io.natsj.auth.Export;
import io.natsj.auth.Import;
import io.natsj.routing.Subjects;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Exports and imports checked against each other, as the end of nats-server's parseAccounts does
 * by adding them to its accounts: first every stream export, then every service export, then the
 * stream imports and the service imports, each import checked against the exports and the imports
 * added before it. Gives Go's texts without position (the configuration adds the accounts value's).
 *
 * <p>A wildcard import mapped to another subject must form a valid transform; Go's mustache mapping
 * functions in the destination are not checked.
 */
final class AccountGraph {
    /** Per account, per exported subject: the accounts allowed; null or empty: public. */
    private final Map<String, Map<String, Set<String>>> streamExports = new HashMap<>();
    private final Map<String, Map<String, Set<String>>> serviceExports = new HashMap<>();
    /** Per account, its stream imports added so far: {exporter, from, to}. */
    private final Map<String, List<String[]>> streamImports = new HashMap<>();
    /** Per account, its service imports added so far, by local subject: {exporter, remote subject}. */
    private final Map<String, Map<String, String[]>> serviceImports = new HashMap<>();
    private final Map<String, Account> accounts;
    private final List<String> problems = new ArrayList<>();

    private AccountGraph(Map<String, Account> accounts) {
        this.accounts = accounts;
    }

    static List<String> problems(Map<String, Account> accounts) {
        AccountGraph g = new AccountGraph(accounts);
        g.exports(false);
        g.exports(true);
        for (Account a : accounts.values()) {
            for (Import i : a.imports()) {
                if (!i.service()) {
                    g.streamImport(a.name(), i);
                }
            }
        }
        for (Account a : accounts.values()) {
            for (Import i : a.imports()) {
                if (i.service()) {
                    g.serviceImport(a.name(), i);
                }
            }
        }
        return g.problems;
    }

    private void exports(boolean services) {
        String kind = services ? "service" : "stream";
        for (Account a : accounts.values()) {
            for (Export e : a.exports()) {
                if (e.service() != services) {
                    continue;
                }
                List<String> allowed = null;
                if (e.accounts() != null) {
                    for (String name : e.accounts()) {
                        if (!accounts.containsKey(name)) {
                            problems.add(GoFormat.q(name) + " account not defined for " + kind + " export");
                            continue;
                        }
                        allowed = allowed == null ? new ArrayList<>() : allowed;
                        allowed.add(name);
                    }
                }
                Map<String, Set<String>> bySubject = (services ? serviceExports : streamExports)
                        .computeIfAbsent(a.name(), k -> new LinkedHashMap<>());
                // Go keeps one entry per subject: a second export adds its accounts to the first.
                Set<String> approved = bySubject.get(e.subject());
                if (allowed != null) {
                    approved = approved == null ? new LinkedHashSet<>() : approved;
                    approved.addAll(allowed);
                }
                bySubject.put(e.subject(), approved);
            }
        }
    }

    private void streamImport(String importer, Import i) {
        if (!accounts.containsKey(i.account())) {
            problems.add(GoFormat.q(i.account()) + " account not defined for stream import");
            return;
        }
        String error = "Error adding stream import " + GoFormat.q(i.subject()) + ": ";
        String to = i.to() == null ? "" : i.to();
        if (i.prefix() != null) {
            if (!authorized(streamExports, i.account(), importer, i.subject(), true)) {
                problems.add(error + "stream import not authorized");
                return;
            }
            if (!SubjectMatch.isLiteral(i.prefix())) {
                problems.add(error + "stream import prefix can not contain wildcard tokens");
                return;
            }
            to = (i.prefix().endsWith(".") ? i.prefix() : i.prefix() + ".") + i.subject();
        }
        if (!authorized(streamExports, i.account(), importer, i.subject(), true)) {
            problems.add(error + "stream import not authorized");
            return;
        }
        if (to.isEmpty()) {
            to = i.subject();
        }
        Set<String> visited = new HashSet<>(Set.of(importer));
        if (streamCycle(i.account(), to, visited)) {
            problems.add(error + "import forms a cycle");
            return;
        }
        if (!SubjectMatch.isLiteral(i.subject()) && !to.equals(i.subject())) {
            String bad = SubjectMatch.transformProblem(i.subject(), SubjectMatch.tokenize(to));
            if (bad != null) {
                problems.add(error + "failed to create mapping transform for stream import subject "
                        + GoFormat.q(i.subject()) + " to " + GoFormat.q(to) + ": " + bad);
                return;
            }
        }
        List<String[]> mine = streamImports.computeIfAbsent(importer, k -> new ArrayList<>());
        for (String[] si : mine) {
            if (si[0].equals(i.account()) && si[1].equals(i.subject())) {
                problems.add(error + "stream import already exists");
                return;
            }
        }
        mine.add(new String[] {i.account(), i.subject(), to});
    }

    private void serviceImport(String importer, Import i) {
        if (!accounts.containsKey(i.account())) {
            problems.add(GoFormat.q(i.account()) + " account not defined for service import");
            return;
        }
        String error = "Error adding service import " + GoFormat.q(i.subject()) + ": ";
        String from = ImportsReader.localSubject(i);
        String to = i.subject();
        if (!Subjects.isValidSubject(from) || !Subjects.isValidSubject(to)) {
            problems.add(error + "sublist: invalid subject");
            return;
        }
        if (!authorized(serviceExports, i.account(), importer, to, false)) {
            problems.add(error + "service import not authorized");
            return;
        }
        Set<String> visited = new HashSet<>(Set.of(importer));
        if (serviceCycle(i.account(), from, visited)) {
            problems.add(error + "import forms a cycle");
            return;
        }
        Map<String, String[]> mine = serviceImports.computeIfAbsent(importer, k -> new LinkedHashMap<>());
        String[] dup = mine.get(from);
        if (dup != null) {
            problems.add(error + "duplicate service import subject " + GoFormat.q(from)
                    + ", previously used in import for account " + GoFormat.q(dup[0]) + ", subject " + GoFormat.q(dup[1]));
            return;
        }
        if (!SubjectMatch.isLiteral(to) && !to.equals(from)) {
            String src = SubjectMatch.untokenize(to);
            // Go builds it in reverse, so that $ place holders are only in the local subject.
            String bad = SubjectMatch.transformProblem(src, SubjectMatch.tokenize(from));
            if (bad != null) {
                problems.add(error + "failed to create mapping transform for service import subject "
                        + GoFormat.q(from) + " to " + GoFormat.q(src) + ": " + bad);
                return;
            }
        }
        mine.put(from, new String[] {i.account(), to});
    }

    /** Go's checkStreamImportAuthorized / checkServiceImportAuthorized, without JWT activations. */
    private static boolean authorized(Map<String, Map<String, Set<String>>> exports, String exporter,
            String importer, String subject, boolean stream) {
        Map<String, Set<String>> bySubject = exports.get(exporter);
        if (bySubject == null || (stream && !Subjects.isValidSubject(subject))) {
            return false;
        }
        if (bySubject.containsKey(subject)) {
            return approves(bySubject.get(subject), importer);
        }
        for (Map.Entry<String, Set<String>> e : bySubject.entrySet()) {
            if (SubjectMatch.isSubsetMatch(subject, e.getKey())) {
                return approves(e.getValue(), importer);
            }
        }
        return false;
    }

    private static boolean approves(Set<String> approved, String importer) {
        return approved == null || approved.isEmpty() || approved.contains(importer);
    }

    /** Go's checkStreamImportsForCycles. */
    private boolean streamCycle(String account, String to, Set<String> visited) {
        Map<String, Set<String>> exported = streamExports.getOrDefault(account, Map.of());
        boolean matching = false;
        for (String subject : exported.keySet()) {
            matching |= SubjectMatch.isSubsetMatch(to, subject);
        }
        if (!matching) {
            return false;
        }
        for (String[] si : streamImports.getOrDefault(account, List.of())) {
            if (SubjectMatch.collide(to, si[2])) {
                if (visited.contains(si[0])) {
                    return true;
                }
                visited.add(account);
                String next = SubjectMatch.isSubsetMatch(si[2], to) ? si[2] : to;
                if (streamCycle(si[0], next, visited)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Go's checkServiceImportsForCycles. */
    private boolean serviceCycle(String account, String from, Set<String> visited) {
        for (Map.Entry<String, String[]> si : serviceImports.getOrDefault(account, Map.of()).entrySet()) {
            if (SubjectMatch.collide(from, si.getValue()[1])) {
                if (visited.contains(si.getValue()[0])) {
                    return true;
                }
                visited.add(account);
                String next = SubjectMatch.isSubsetMatch(si.getKey(), from) ? si.getKey() : from;
                if (serviceCycle(si.getValue()[0], next, visited)) {
                    return true;
                }
            }
        }
        return false;
    }
}
