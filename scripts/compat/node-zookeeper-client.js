// node-zookeeper-client (npm, pinned by scripts/compat-node.sh) against a Paddock node: create, getData,
// getChildren with a watch, ephemeral sequential, multi (transaction), setData BADVERSION, exists,
// digest auth with CREATOR_ALL_ACL, getACL. Prints OK/FAIL per step; exit 0 when all passed.
const zk = require('node-zookeeper-client');
const client = zk.createClient(process.argv[2], { sessionTimeout: 10000 });
const done = (ok, msg) => { console.log((ok ? 'OK   ' : 'FAIL ') + msg); if (!ok) process.exitCode = 1; };
client.once('connected', () => {
  client.create('/nzk', Buffer.from('hello'), zk.CreateMode.PERSISTENT, (e, p) => {
    done(!e && p === '/nzk', 'create ' + (e || p));
    client.getData('/nzk', (e, data, stat) => {
      done(!e && data.toString() === 'hello' && stat.version === 0, 'getData ' + (e || data));
      client.getChildren('/nzk', (event) => {
        done(event.name === 'NODE_CHILDREN_CHANGED' && event.path === '/nzk', 'child watch ' + event);
      }, (e, children) => {
        done(!e && children.length === 0, 'getChildren ' + (e || JSON.stringify(children)));
        client.create('/nzk/seq-', null, zk.CreateMode.EPHEMERAL_SEQUENTIAL, (e, p) => {
          done(!e && /\/nzk\/seq-\d{10}$/.test(p), 'ephemeral sequential ' + (e || p));
          client.transaction().create('/nzk/t1').setData('/nzk', Buffer.from('x'), 0).check('/nzk/t1', 0)
            .commit((e, res) => {
              done(!e && res.length === 3, 'multi ' + (e || JSON.stringify(res)));
              client.setData('/nzk', Buffer.from('y'), 5, (e) => {
                done(e && e.getCode() === zk.Exception.BAD_VERSION, 'setData bad version ' + e);
                client.exists('/nope', (e, stat) => {
                  done(!e && !stat, 'exists missing');
                  client.addAuthInfo('digest', Buffer.from('u:p'));
                  client.create('/nzk/acl', null, zk.ACL.CREATOR_ALL_ACL, zk.CreateMode.PERSISTENT, (e, p) => {
                    done(!e, 'create with CREATOR_ALL_ACL after digest auth ' + (e || p));
                    client.getACL('/nzk/acl', (e, acls) => {
                      done(!e && acls[0].id.scheme === 'digest', 'getACL ' + (e || JSON.stringify(acls)));
                      client.close();
                    });
                  });
                });
              });
            });
        });
      });
    });
  });
});
client.connect();
setTimeout(() => { console.log('FAIL timeout'); process.exit(2); }, 20000).unref();
