package org.dlnotes.privacy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import org.dlnotes.data.LabelledData;
import org.dlnotes.data.Subsets;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Splits a labelled dataset among simulated clients (devices, hospitals…) for federated learning, as McMahan et al.
 * 2017 ("Communication-Efficient Learning of Deep Networks from Decentralized Data") do with MNIST: IID (a random
 * equal share each) or pathologically non-IID (sort by label, cut into shards, give each client a few shards, so
 * that each sees only one or two classes).
 */
public final class Clients {

    private Clients() {
    }

    /** {@code k} clients, each a random share of the rows (sizes differ by at most one). */
    public static List<LabelledData> iid(LabelledData data, int k, long seed) {
        checkK(data, k);
        List<Integer> order = IntStream.range(0, data.size()).boxed().collect(java.util.stream.Collectors.toList());
        Collections.shuffle(order, new Random(seed));
        List<LabelledData> clients = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            int from = (int) ((long) c * data.size() / k);
            int to = (int) ((long) (c + 1) * data.size() / k);
            clients.add(rowsOf(data, order.subList(from, to)));
        }
        return List.copyOf(clients);
    }

    /**
     * {@code k} clients of {@code shardsPerClient} shards each: the rows sorted by label (ties in random order), cut
     * into {@code k · shardsPerClient} equal shards, shards dealt at random. With 2 shards per client most clients
     * hold two classes.
     */
    public static List<LabelledData> shards(LabelledData data, int k, int shardsPerClient, long seed) {
        checkK(data, k);
        if (shardsPerClient < 1 || (long) k * shardsPerClient > data.size()) {
            throw new IllegalArgumentException("shardsPerClient must be in [1, " + data.size() / k
                    + "] for " + k + " clients and " + data.size() + " rows, but is " + shardsPerClient);
        }
        Random random = new Random(seed);
        int[] labels = data.labelIndices();
        List<Integer> order = IntStream.range(0, data.size()).boxed().collect(java.util.stream.Collectors.toList());
        Collections.shuffle(order, random);
        order.sort((a, b) -> Integer.compare(labels[a], labels[b])); // stable: random within a class
        int shards = k * shardsPerClient;
        List<Integer> shardIds = IntStream.range(0, shards).boxed().collect(java.util.stream.Collectors.toList());
        Collections.shuffle(shardIds, random);
        List<LabelledData> clients = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            List<Integer> rows = new ArrayList<>();
            for (int s = 0; s < shardsPerClient; s++) {
                int shard = shardIds.get(c * shardsPerClient + s);
                int from = (int) ((long) shard * data.size() / shards);
                int to = (int) ((long) (shard + 1) * data.size() / shards);
                rows.addAll(order.subList(from, to));
            }
            clients.add(rowsOf(data, rows));
        }
        return List.copyOf(clients);
    }

    /**
     * {@code k} clients holding exactly {@code classesPerClient} classes each: the classes in a random cyclic order,
     * client {@code c} takes the {@code classesPerClient} classes starting at position {@code c · classesPerClient}
     * (wrapping around), and each class's rows are dealt at random among the clients that hold it. With 10 digit
     * classes, 10 clients and 2 classes per client, every client sees two digits and every digit is on two clients.
     *
     * @throws IllegalArgumentException unless 1 ≤ classesPerClient ≤ number of classes and k · classesPerClient
     *     covers every class
     */
    public static List<LabelledData> byLabel(LabelledData data, int k, int classesPerClient, long seed) {
        checkK(data, k);
        int numClasses = data.classes().size();
        if (classesPerClient < 1 || classesPerClient > numClasses || (long) k * classesPerClient < numClasses) {
            throw new IllegalArgumentException("classesPerClient must be in [" + (numClasses + k - 1) / k + ", "
                    + numClasses + "] for " + k + " clients and " + numClasses + " classes, but is "
                    + classesPerClient);
        }
        Random random = new Random(seed);
        List<Integer> classOrder = IntStream.range(0, numClasses).boxed()
                .collect(java.util.stream.Collectors.toList());
        Collections.shuffle(classOrder, random);
        List<List<Integer>> holders = new ArrayList<>();
        for (int c = 0; c < numClasses; c++) {
            holders.add(new ArrayList<>());
        }
        for (int c = 0; c < k; c++) {
            for (int j = 0; j < classesPerClient; j++) {
                holders.get(classOrder.get((c * classesPerClient + j) % numClasses)).add(c);
            }
        }
        int[] labels = data.labelIndices();
        List<List<Integer>> rowsOfClass = new ArrayList<>();
        for (int c = 0; c < numClasses; c++) {
            rowsOfClass.add(new ArrayList<>());
        }
        for (int i = 0; i < labels.length; i++) {
            rowsOfClass.get(labels[i]).add(i);
        }
        List<List<Integer>> clientRows = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            clientRows.add(new ArrayList<>());
        }
        for (int cls = 0; cls < numClasses; cls++) {
            List<Integer> rows = rowsOfClass.get(cls);
            Collections.shuffle(rows, random);
            List<Integer> owners = holders.get(cls);
            for (int h = 0; h < owners.size(); h++) {
                int from = (int) ((long) h * rows.size() / owners.size());
                int to = (int) ((long) (h + 1) * rows.size() / owners.size());
                clientRows.get(owners.get(h)).addAll(rows.subList(from, to));
            }
        }
        List<LabelledData> clients = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            if (clientRows.get(c).isEmpty()) {
                throw new IllegalArgumentException("client " + c + " would get no rows: its classes have fewer rows"
                        + " than clients holding them; use fewer clients");
            }
            List<Integer> rows = clientRows.get(c);
            Collections.shuffle(rows, random);
            clients.add(rowsOf(data, rows));
        }
        return List.copyOf(clients);
    }

    /** One row per client: its size, the number of classes it holds and their names with counts. */
    public static Table table(List<LabelledData> clients) {
        StringColumn name = StringColumn.create("client");
        IntColumn size = IntColumn.create("examples");
        IntColumn classes = IntColumn.create("classes");
        StringColumn counts = StringColumn.create("class counts");
        for (int c = 0; c < clients.size(); c++) {
            LabelledData d = clients.get(c);
            name.append("client " + c);
            size.append(d.size());
            StringBuilder sb = new StringBuilder();
            int present = 0;
            for (var e : d.classCounts().entrySet()) {
                if (e.getValue() > 0) {
                    present++;
                    sb.append(sb.length() == 0 ? "" : ", ").append(e.getKey()).append(": ").append(e.getValue());
                }
            }
            classes.append(present);
            counts.append(sb.toString());
        }
        return Table.create("clients").addColumns(name, size, classes, counts);
    }

    /** The rows, keeping feature names and image shape. */
    private static LabelledData rowsOf(LabelledData data, List<Integer> rows) {
        return Subsets.rows(data, rows.stream().mapToInt(Integer::intValue).toArray());
    }

    private static void checkK(LabelledData data, int k) {
        if (k < 1 || k > data.size()) {
            throw new IllegalArgumentException("k (clients) must be in [1, " + data.size() + "], but is " + k);
        }
    }
}
