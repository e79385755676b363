package io.circuitlens.tasks;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The CSV reading and writing and the Python list literals the task layouts use round-trip exactly. */
class CsvAndListsTest {
    @TempDir
    Path dir;

    @Test
    void writtenFieldsReadBackExactly() throws IOException {
        List<String> header = List.of("a", "b", "c", "d");
        List<String> row = List.of(" Mary", "x,y", "say \"hi\"", "line\nbreak");
        Path f = dir.resolve("x.csv");
        Files.writeString(f, "\uFEFF" + CsvFields.line(header) + CsvFields.line(row) + "\r\n");
        TaskCsv csv = TaskCsv.read(f, "test", 0);
        assertEquals(1, csv.rows().size());
        TaskCsv.Row r = csv.rows().getFirst();
        for (int i = 0; i < header.size(); i++) assertEquals(row.get(i), r.text(header.get(i)));
        assertEquals("\" Mary\",plain", CsvFields.line(List.of(" Mary", "plain")).strip());
    }

    @Test
    void limitStopsEarlyAndColumnsAreFoundByName() throws IOException {
        Path f = dir.resolve("y.csv");
        Files.writeString(f, " b ,a\n1,2\n3,4\n\"unclosed\n");
        TaskCsv csv = TaskCsv.read(f, "test", 2);
        assertEquals(2, csv.rows().size());
        assertEquals(4, csv.rows().get(1).integer("a"));
        assertEquals(3, csv.rows().get(1).integer("b"));
        assertEquals(3, csv.rows().get(1).line());
    }

    @Test
    void pythonLists() {
        assertArrayEquals(new int[] {12345, 678}, PythonLists.parseInts("[12345, 678]"));
        assertArrayEquals(new int[] {5}, PythonLists.parseInts(" [5] "));
        assertArrayEquals(new int[0], PythonLists.parseInts("[]"));
        assertEquals("[12345, 678]", PythonLists.formatInts(new int[] {12345, 678}));
        assertEquals(List.of("gem", "gems"), PythonLists.parseStrings("['gem', 'gems']"));
        assertEquals(List.of("it's", "a\\b"), PythonLists.parseStrings("[\"it's\", 'a\\\\b']"));
        assertEquals("['gem', 'gems']", PythonLists.formatStrings(List.of("gem", "gems")));
        assertThrows(IllegalArgumentException.class, () -> PythonLists.parseStrings("['a' 'b']"));
        assertThrows(IllegalArgumentException.class, () -> PythonLists.parseStrings("['a"));
        assertThrows(IllegalArgumentException.class, () -> PythonLists.parseInts("[1,,2]"));
        assertThrows(IllegalArgumentException.class, () -> PythonLists.formatStrings(List.of("it's")));
    }
}
