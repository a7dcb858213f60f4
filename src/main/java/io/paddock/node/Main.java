package io.paddock.node;

public final class Main {
    public static void main(String[] args) {
        System.out.println("paddock");
    }
}
