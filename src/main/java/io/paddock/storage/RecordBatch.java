package io.paddock.storage;

import java.util.List;

/**
 * What {@link TxnLog} reads of a batch to append, by index, however the batch holds its
 * payloads: record {@code i}'s payload is {@code payloadArray(i)[offset(i), offset(i) + length(i))}.
 */
interface RecordBatch {
    int size();

    long zxid(int i);

    byte type(int i);

    byte[] payloadArray(int i);

    int offset(int i);

    int length(int i);

    /** A list of records, each with its own payload array. */
    static RecordBatch of(List<LogRecord> records) {
        return new RecordBatch() {
            @Override
            public int size() {
                return records.size();
            }

            @Override
            public long zxid(int i) {
                return records.get(i).zxid();
            }

            @Override
            public byte type(int i) {
                return records.get(i).type();
            }

            @Override
            public byte[] payloadArray(int i) {
                return records.get(i).payload();
            }

            @Override
            public int offset(int i) {
                return 0;
            }

            @Override
            public int length(int i) {
                return records.get(i).payload().length;
            }
        };
    }
}
