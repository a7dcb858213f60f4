package io.paddock.model;

/** An identity: {@code scheme:id}, e.g. {@code world:anyone}, {@code digest:user:hash}, {@code ip:127.0.0.1}. */
public record Id(String scheme, String id) {
    public static final Id ANYONE = new Id("world", "anyone");
    public static final Id SUPER = new Id("super", "");

    @Override
    public String toString() {
        return scheme + ":" + id;
    }
}
