package dev.fcgi.demo;
public class DemoApplication { public static void main(String[] a) {} }
