package io.paddock.wire.json;

import static org.assertj.core.api.Assertions.assertThat;

import io.paddock.model.Acl;
import io.paddock.model.CreateMode;
import io.paddock.model.Id;
import io.paddock.model.OpCode;
import io.paddock.model.Perms;
import io.paddock.model.Request;
import io.paddock.model.WatcherType;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The WebSocket protocol's request decoding: every op to the same model record the ZooKeeper
 * protocol decodes to, and every way a message can be wrong to its typed error (with the id
 * when one could be read).
 */
class JsonRequestsTest {
    private static final int MAX_DATA = 1000;

    private static JsonMessage decode(String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return JsonRequests.decode(bytes, bytes.length, MAX_DATA);
    }

    private static Request request(String json) {
        JsonMessage message = decode(json);
        assertThat(message).as(json).isInstanceOf(JsonMessage.Op.class);
        return ((JsonMessage.Op) message).request();
    }

    private static JsonMessage.Invalid invalid(String json) {
        JsonMessage message = decode(json);
        assertThat(message).as(json).isInstanceOf(JsonMessage.Invalid.class);
        return (JsonMessage.Invalid) message;
    }

    @Test
    void createOfEveryModeTakesTheOpcodeTheJavaClientWouldAndDefaultsToAnOpenAcl() {
        Request.Create plain = (Request.Create) request("{\"id\":1,\"op\":\"create\",\"path\":\"/a\",\"data\":\"héllo\"}");
        assertThat(plain.opcode()).isEqualTo(OpCode.CREATE2);
        assertThat(plain.flags()).isEqualTo(CreateMode.PERSISTENT.flag);
        assertThat(plain.data()).isEqualTo("héllo".getBytes(StandardCharsets.UTF_8));
        assertThat(plain.acl()).isEqualTo(Acl.OPEN_ACL_UNSAFE);
        assertThat(plain.ttl()).isEqualTo(-1);

        for (CreateMode mode : CreateMode.values()) {
            Request.Create create = (Request.Create) request("{\"id\":1,\"op\":\"create\",\"path\":\"/a\",\"mode\":\""
                    + mode.name() + "\",\"ttl\":5000,\"dataBase64\":\"AAEC\"}");
            int opcode = mode.isContainer() ? OpCode.CREATE_CONTAINER : mode.isTtl() ? OpCode.CREATE_TTL : OpCode.CREATE2;
            assertThat(create.opcode()).as("%s", mode).isEqualTo(opcode);
            assertThat(create.flags()).isEqualTo(mode.flag);
            assertThat(create.ttl()).isEqualTo(5000);
            assertThat(create.data()).containsExactly(0, 1, 2);
        }
    }

    @Test
    void aclsTakeNumbersOrLetters() {
        Request.SetAcl set = (Request.SetAcl) request("{\"id\":\"x\",\"op\":\"setACL\",\"path\":\"/a\",\"version\":3,"
                + "\"acl\":[{\"perms\":\"rwa\",\"scheme\":\"digest\",\"id\":\"u:h\"},{\"perms\":31,\"scheme\":\"world\","
                + "\"id\":\"anyone\"}]}");
        assertThat(set.version()).isEqualTo(3);
        assertThat(set.acl()).containsExactly(new Acl(Perms.READ | Perms.WRITE | Perms.ADMIN, new Id("digest", "u:h")),
                new Acl(Perms.ALL, Id.ANYONE));
        assertThat(invalid("{\"id\":1,\"op\":\"setACL\",\"path\":\"/a\"}").message()).contains("'acl'");
        assertThat(invalid("{\"id\":1,\"op\":\"setACL\",\"path\":\"/a\",\"acl\":[{\"perms\":\"rq\",\"scheme\":\"w\","
                + "\"id\":\"a\"}]}").message()).contains("perms");
    }

    @Test
    void readsWatchesAndSessionOpsDecodeToTheirRecords() {
        assertThat(request("{\"id\":1,\"op\":\"delete\",\"path\":\"/a\"}")).isEqualTo(new Request.Delete("/a", -1));
        assertThat(request("{\"id\":1,\"op\":\"exists\",\"path\":\"/a\",\"watch\":true}"))
                .isEqualTo(new Request.Exists("/a", true));
        assertThat(request("{\"id\":1,\"op\":\"getData\",\"path\":\"/a\"}")).isEqualTo(new Request.GetData("/a", false));
        assertThat(request("{\"id\":1,\"op\":\"getChildren\",\"path\":\"/a\",\"stat\":true,\"watch\":true}"))
                .isEqualTo(new Request.GetChildren(OpCode.GET_CHILDREN2, "/a", true));
        assertThat(request("{\"id\":1,\"op\":\"getChildren\",\"path\":\"/a\"}"))
                .isEqualTo(new Request.GetChildren(OpCode.GET_CHILDREN, "/a", false));
        assertThat(request("{\"id\":1,\"op\":\"getAllChildrenNumber\",\"path\":\"/a\"}"))
                .isEqualTo(new Request.GetAllChildrenNumber("/a"));
        assertThat(request("{\"id\":1,\"op\":\"getEphemerals\"}")).isEqualTo(new Request.GetEphemerals("/"));
        assertThat(request("{\"id\":1,\"op\":\"sync\"}")).isEqualTo(new Request.Sync("/"));
        assertThat(request("{\"id\":1,\"op\":\"getACL\",\"path\":\"/a\"}")).isEqualTo(new Request.GetAcl("/a"));
        assertThat(request("{\"id\":1,\"op\":\"whoAmI\"}")).isEqualTo(new Request.WhoAmI());
        assertThat(request("{\"id\":1,\"op\":\"ping\"}")).isEqualTo(new Request.Ping());
        assertThat(request("{\"id\":1,\"op\":\"close\"}")).isEqualTo(new Request.CloseSession());
        assertThat(request("{\"id\":1,\"op\":\"addWatch\",\"path\":\"/a\",\"mode\":\"PERSISTENT_RECURSIVE\","
                + "\"fromZxid\":\"0x1f\"}")).isEqualTo(new Request.AddWatch("/a", WatcherType.ADD_WATCH_PERSISTENT_RECURSIVE,
                0x1f));
        assertThat(request("{\"id\":1,\"op\":\"addWatch\",\"path\":\"/a\"}"))
                .isEqualTo(new Request.AddWatch("/a", WatcherType.ADD_WATCH_PERSISTENT, Request.AddWatch.LIVE));
        assertThat(request("{\"id\":1,\"op\":\"removeWatches\",\"path\":\"/a\",\"type\":\"DATA\"}"))
                .isEqualTo(new Request.RemoveWatches(OpCode.REMOVE_WATCHES, "/a", WatcherType.DATA));
        assertThat(request("{\"id\":1,\"op\":\"checkWatches\",\"path\":\"/a\"}"))
                .isEqualTo(new Request.RemoveWatches(OpCode.CHECK_WATCHES, "/a", WatcherType.ANY));
        assertThat(request("{\"id\":1,\"op\":\"setWatches\",\"relativeZxid\":\"0x10\",\"dataWatches\":[\"/a\"],"
                + "\"childWatches\":[\"/b\"]}")).isEqualTo(new Request.SetWatches(OpCode.SET_WATCHES2, 16,
                List.of("/a"), List.of(), List.of("/b"), List.of(), List.of()));
        Request.Auth auth = (Request.Auth) request("{\"id\":1,\"op\":\"addAuth\",\"scheme\":\"digest\",\"auth\":\"u:p\"}");
        assertThat(auth.scheme()).isEqualTo("digest");
        assertThat(new String(auth.auth(), StandardCharsets.UTF_8)).isEqualTo("u:p");
    }

    @Test
    void multiAndMultiReadCarryTheirOpsInOrder() {
        Request.Multi multi = (Request.Multi) request("{\"id\":1,\"op\":\"multi\",\"ops\":[{\"op\":\"create\","
                + "\"path\":\"/m\",\"mode\":\"EPHEMERAL\"},{\"op\":\"check\",\"path\":\"/m\",\"version\":0},"
                + "{\"op\":\"setData\",\"path\":\"/m\",\"data\":\"x\"},{\"op\":\"delete\",\"path\":\"/m\"}]}");
        assertThat(multi.ops()).extracting(Request::opcode)
                .containsExactly(OpCode.CREATE2, OpCode.CHECK, OpCode.SET_DATA, OpCode.DELETE);
        Request.MultiRead read = (Request.MultiRead) request("{\"id\":1,\"op\":\"multiRead\",\"ops\":[{\"op\":"
                + "\"getData\",\"path\":\"/a\"},{\"op\":\"getChildren\",\"path\":\"/\"}]}");
        assertThat(read.ops()).containsExactly(new Request.GetData("/a", false),
                new Request.GetChildren(OpCode.GET_CHILDREN, "/", false));
        assertThat(invalid("{\"id\":1,\"op\":\"multi\",\"ops\":[{\"op\":\"getData\",\"path\":\"/a\"}]}").message())
                .startsWith("multi op 0: field 'op'");
        assertThat(invalid("{\"id\":1,\"op\":\"multi\",\"ops\":[{\"op\":\"delete\",\"path\":\"/a\"},{\"op\":\"delete\"}]}")
                .message()).startsWith("multi op 1: field 'path' is required");
    }

    @Test
    void connectReadsHexAndDecimalIdsAndABase64Password() {
        JsonMessage message = decode("{\"op\":\"connect\",\"timeoutMs\":5000,\"sessionId\":\"0x1000000000000ab\","
                + "\"password\":\"AAECAw==\",\"lastZxidSeen\":\"42\"}");
        JsonMessage.Connect connect = (JsonMessage.Connect) message;
        assertThat(connect.id()).isNull();
        assertThat(connect.connect().timeoutMs()).isEqualTo(5000);
        assertThat(connect.connect().sessionId()).isEqualTo(0x1000000000000abL);
        assertThat(connect.connect().lastZxidSeen()).isEqualTo(42);
        assertThat(connect.connect().passwd()).containsExactly(0, 1, 2, 3);
        JsonMessage.Connect fresh = (JsonMessage.Connect) decode("{\"op\":\"connect\",\"id\":\"c\"}");
        assertThat(fresh.id()).isEqualTo("c");
        assertThat(fresh.connect().sessionId()).isZero();
        assertThat(fresh.connect().timeoutMs()).isEqualTo(JsonRequests.DEFAULT_TIMEOUT_MS);
    }

    @Test
    void messagesThatAreNotJsonObjectsAreBadJsonWithoutAnId() {
        for (String text : List.of("", "{", "[1,2]", "\"op\"", "{\"id\":1}{}", "{\"id\":1,\"id\":2,\"op\":\"ping\"}",
                "{\"id\":123456789012345678901234,\"op\":\"ping\"}", "nul", "{\"a\":" + "[".repeat(100) + "]".repeat(100) + "}")) {
            JsonMessage.Invalid bad = invalid(text);
            assertThat(bad.code()).as(text).isEqualTo(JsonErrors.BAD_JSON);
            assertThat(bad.id()).as(text).isNull();
        }
    }

    @Test
    void wrongFieldsAreBadRequestsNamingTheFieldAndKeepingTheId() {
        JsonMessage.Invalid missing = invalid("{\"id\":9,\"op\":\"getData\"}");
        assertThat(missing.code()).isEqualTo(JsonErrors.BAD_REQUEST);
        assertThat(missing.id()).isEqualTo(9L);
        assertThat(missing.message()).contains("'path'");
        assertThat(invalid("{\"id\":9,\"op\":\"getData\",\"path\":7}").message()).contains("must be a string");
        assertThat(invalid("{\"id\":9,\"op\":\"exists\",\"path\":\"/a\",\"watch\":\"yes\"}").message()).contains("watch");
        assertThat(invalid("{\"id\":9,\"op\":\"delete\",\"path\":\"/a\",\"version\":1.5}").message()).contains("integer");
        assertThat(invalid("{\"id\":9,\"op\":\"delete\",\"path\":\"/a\",\"version\":4294967296}").message())
                .contains("version");
        assertThat(invalid("{\"id\":9,\"op\":\"create\",\"path\":\"/a\",\"mode\":\"FOREVER\"}").message()).contains("mode");
        assertThat(invalid("{\"id\":9,\"op\":\"create\",\"path\":\"/a\",\"data\":\"x\",\"dataBase64\":\"eA==\"}")
                .message()).contains("cannot both");
        assertThat(invalid("{\"id\":9,\"op\":\"create\",\"path\":\"/a\",\"dataBase64\":\"!!\"}").message())
                .contains("base64");
        assertThat(invalid("{\"id\":9,\"op\":\"getData\",\"path\":\"/a\",\"encoding\":\"hex\"}").message())
                .contains("encoding");
        assertThat(invalid("{\"id\":9,\"op\":\"addWatch\",\"path\":\"/a\",\"fromZxid\":\"0xzz\"}").message())
                .contains("fromZxid");
        assertThat(invalid("{\"id\":9,\"op\":\"addWatch\",\"path\":\"/a\",\"fromZxid\":-5}").message())
                .contains("fromZxid");
        JsonMessage.Invalid noId = invalid("{\"op\":\"ping\"}");
        assertThat(noId.code()).isEqualTo(JsonErrors.BAD_REQUEST);
        assertThat(noId.message()).contains("'id'");
        assertThat(invalid("{\"id\":[1],\"op\":\"ping\"}").message()).contains("'id'");
        assertThat(invalid("{\"id\":3}").message()).contains("'op'");
    }

    @Test
    void unknownOpsAndTooMuchDataAreTypedErrorsWithTheirId() {
        JsonMessage.Invalid unknown = invalid("{\"id\":\"q\",\"op\":\"reconfig\"}");
        assertThat(unknown.code()).isEqualTo(JsonErrors.UNKNOWN_OP);
        assertThat(unknown.id()).isEqualTo("q");
        assertThat(unknown.message()).contains("reconfig").contains("getData");
        String data = "x".repeat(MAX_DATA + 1);
        JsonMessage.Invalid large = invalid("{\"id\":4,\"op\":\"setData\",\"path\":\"/a\",\"data\":\"" + data + "\"}");
        assertThat(large.code()).isEqualTo(JsonErrors.TOO_LARGE);
        assertThat(large.id()).isEqualTo(4L);
        String half = "x".repeat(MAX_DATA / 2 + 1);
        assertThat(invalid("{\"id\":4,\"op\":\"multi\",\"ops\":[{\"op\":\"create\",\"path\":\"/a\",\"data\":\"" + half
                + "\"},{\"op\":\"setData\",\"path\":\"/b\",\"data\":\"" + half + "\"}]}").code())
                .isEqualTo(JsonErrors.TOO_LARGE);
        assertThat(request("{\"id\":4,\"op\":\"setData\",\"path\":\"/a\",\"data\":\"" + "x".repeat(MAX_DATA) + "\"}"))
                .isInstanceOf(Request.SetData.class);
    }

    @Test
    void theIdOfACutOffMessageIsFoundWhenItComesFirst() {
        byte[] prefix = "{\"id\":77,\"op\":\"setData\",\"path\":\"/a\",\"data\":\"xxxxxxxx".getBytes(StandardCharsets.UTF_8);
        assertThat(JsonReader.topLevelId(prefix, prefix.length)).isEqualTo(77L);
        byte[] later = "{\"op\":\"setData\",\"acl\":[{\"a\":1}],\"id\":\"s\",\"data\":\"xx".getBytes(StandardCharsets.UTF_8);
        assertThat(JsonReader.topLevelId(later, later.length)).isEqualTo("s");
        byte[] none = "{\"op\":\"setData\",\"data\":\"xxxxx".getBytes(StandardCharsets.UTF_8);
        assertThat(JsonReader.topLevelId(none, none.length)).isNull();
        byte[] array = "[1,2".getBytes(StandardCharsets.UTF_8);
        assertThat(JsonReader.topLevelId(array, array.length)).isNull();
    }
}
