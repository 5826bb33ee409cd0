/**
 * What a lab manager does on the admin site, through its forms (app.inject, both dialects):
 * add a user (the password policy holds), edit them, their groups and permissions, set a
 * password, deactivate and reactivate; groups created, renamed, given permissions, members
 * added and removed, deleted; a role's permissions read-only; "what can this user do"; grants
 * from the object-permissions page; the audit log with its filters and CSV export — each
 * change written by the admin API's own operation, with its audit entry.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ROLE_CONTRIBUTOR, ROLE_MAINTAINER } from '../../src/authz/roles.ts';
import { DIALECTS } from '../../../../test-support/databases.ts';
import { type AdminWorld, adminWorld, mainText } from './support/admin-world.ts';

const idFrom = (location: unknown) => Number(String(location).split('/').pop());

for (const dialect of DIALECTS) {
  describe(`admin pages: forms (${dialect})`, () => {
    let w: AdminWorld;
    before(async () => {
      w = await adminWorld(dialect);
    });
    after(() => w.s.close());

    test('add a user: the password policy refuses beside its field, keeping what was typed; then their page', async () => {
      const form = (await w.page('root', 'GET', '/admin/users/new')).body;
      assert.match(form, /name="isSuperuser"/, 'a superuser may make superusers');
      assert.doesNotMatch((await w.page('manager', 'GET', '/admin/users/new')).body, /name="isSuperuser"/);
      const typed = { username: 'sam', fullName: 'Sam Carter', email: 'sam@lab.example', isStaff: 'yes' };
      const weak = await w.page('root', 'POST', '/admin/users', { ...typed, password: 'password' });
      assert.equal(weak.statusCode, 400);
      assert.match(mainText(weak.body), /Password is one of the most commonly breached passwords/);
      assert.match(weak.body, /value="Sam Carter"/);
      assert.doesNotMatch(weak.body, /value="password"/, 'a password is never sent back');
      const like = await w.page('root', 'POST', '/admin/users', { ...typed, password: 'Sam Carter 2026' });
      assert.match(mainText(like.body), /too similar to the name/);
      const made = await w.page('root', 'POST', '/admin/users', {
        ...typed,
        password: 'Lithium-Iron-Phosphate-7',
      });
      assert.equal(made.statusCode, 303);
      const id = idFrom(made.headers.location);
      const sam = await w.s.authz.getUser(id);
      assert.deepEqual(
        [sam.username, sam.fullName, sam.email, sam.isStaff, sam.isSuperuser],
        ['sam', 'Sam Carter', 'sam@lab.example', true, false],
      );
      const page = mainText((await w.page('root', 'GET', `/admin/users/${id}`)).body);
      assert.match(page, /Sam Carter/);
    });

    test('the users list searches, filters and sorts', async () => {
      const list = async (query: string) =>
        [
          ...(await w.page('viewer', 'GET', `/admin/users?${query}`)).body.matchAll(
            /<a href="\/admin\/users\/\d+">([^<]+)<\/a>/g,
          ),
        ].map((m) => m[1]);
      assert.deepEqual(await list('q=carter'), ['sam']);
      assert.deepEqual(await list('search=carter'), ['sam'], 'the old name still works');
      assert.deepEqual(await list('q=carter&utm_source=mail'), ['sam'], 'an unknown parameter is ignored');
      assert.deepEqual(await list('superuser=yes'), ['root']);
      assert.deepEqual(await list(`group=${await w.groupId(ROLE_MAINTAINER)}`), ['maya']);
      assert.deepEqual(await list('staff=no&sort=-username'), ['reader', 'owner', 'maya']);
      const bad = await w.page('viewer', 'GET', '/admin/users?lastLogin=yesterday');
      assert.equal(bad.statusCode, 400);
      assert.match(mainText(bad.body), /lastLogin must be one of/);
    });

    test('edit a user: account, groups, own permissions, password, deactivate and reactivate — each audited', async () => {
      const id = w.ids.reader;
      const contributor = await w.groupId(ROLE_CONTRIBUTOR);
      const steps: [string, Record<string, string | string[]>, string][] = [
        [
          `/admin/users/${id}`,
          {
            fullName: 'Rita Reader',
            email: 'rita@lab.example',
            _flags: ['isStaff', 'isSuperuser'],
            isStaff: 'yes',
            _save: 'continue',
          },
          'user.update',
        ],
        [
          `/admin/users/${id}`,
          { groups: String(contributor), _groupsShown: String(contributor), _save: 'continue' },
          'user.groups',
        ],
        [
          `/admin/users/${id}`,
          {
            permissions: 'auth.view_group',
            _permissionsShown: ['auth.view_group', 'auth.view_user'],
            _save: 'continue',
          },
          'user.permissions',
        ],
        [`/admin/users/${id}/password`, { password: 'Cathode-Anode-Separator-9' }, 'user.password'],
        [`/admin/users/${id}/deactivate`, {}, 'user.update'],
        [`/admin/users/${id}/reactivate`, {}, 'user.update'],
      ];
      for (const [url, form, action] of steps) {
        const response = await w.page('root', 'POST', url, form);
        assert.equal(response.statusCode, 303, `${url}: ${mainText(response.body).slice(0, 200)}`);
        assert.equal(response.headers.location, `/admin/users/${id}`);
        const [entry] = (
          await w.s.authz.findAuditEntries({ targetId: id, targetType: 'auth.user', limit: 1 })
        ).entries;
        assert.equal(entry?.action, action, url);
        assert.equal(entry?.actorId, w.ids.root);
      }
      const rita = await w.s.authz.getUser(id);
      assert.deepEqual(
        [rita.fullName, rita.email, rita.isStaff, rita.isSuperuser, rita.isActive],
        ['Rita Reader', 'rita@lab.example', true, false, true],
      );
      const subject = (await w.s.authz.loadSubject(id))!;
      assert.deepEqual(subject.groups.map((g) => g.name).sort(), [ROLE_CONTRIBUTOR, 'Read only']);
      assert.deepEqual([...subject.ownPermissions], ['auth.view_group']);
      const none = await w.page('root', 'POST', `/admin/users/${id}/password`, {});
      assert.equal(none.statusCode, 400);
      assert.match(mainText(none.body), /type the new password/);
    });

    test('groups: create, rename, permissions (superusers), members by name, delete — a role’s permissions stay read-only', async () => {
      const made = await w.page('root', 'POST', '/admin/groups', { name: 'Cell lab' });
      assert.equal(made.statusCode, 303);
      const id = idFrom(made.headers.location);
      const lookAlike = await w.page('root', 'POST', '/admin/groups', { name: 'maintainer' });
      assert.equal(lookAlike.statusCode, 403);
      assert.match(mainText(lookAlike.body), /looks like the declared role "Maintainer"/);
      assert.equal(
        (await w.page('root', 'POST', `/admin/groups/${id}/rename`, { name: 'Cell lab A' })).statusCode,
        303,
      );
      assert.equal(
        (
          await w.page('root', 'POST', `/admin/groups/${id}/permissions`, {
            permissions: ['batterydb.add_experiment'],
          })
        ).statusCode,
        303,
      );
      assert.deepEqual(await w.s.authz.groupPermissionRows(id), ['batterydb.add_experiment']);
      const unknown = await w.page('root', 'POST', `/admin/groups/${id}/members`, { name: 'nobody' });
      assert.equal(unknown.statusCode, 400);
      assert.match(mainText(unknown.body), /there is no user named “nobody”/);
      assert.equal(
        (await w.page('root', 'POST', `/admin/groups/${id}/members`, { name: 'owner' })).statusCode,
        303,
      );
      const page = (await w.page('manager', 'GET', `/admin/groups/${id}`)).body;
      assert.match(mainText(page), /Members \(1\)/);
      assert.match(mainText(page), /Changing them: this needs the permission auth\.change_group/);
      assert.doesNotMatch(page, /Remove owner/, 'the owner holds more than the manager');
      assert.match(mainText(page), /owner the account holds batterydb\.add_experiment, which you do not/);
      assert.match((await w.page('root', 'GET', `/admin/groups/${id}`)).body, /Remove owner/);
      assert.equal(
        (await w.page('root', 'POST', `/admin/groups/${id}/members/remove`, { userId: String(w.ids.owner) }))
          .statusCode,
        303,
      );
      const unconfirmed = await w.page('root', 'POST', `/admin/groups/${id}/delete`, {});
      assert.equal(unconfirmed.statusCode, 400);
      assert.equal(
        (await w.page('root', 'POST', `/admin/groups/${id}/delete`, { confirm: 'yes' })).headers.location,
        '/admin/groups',
      );
      const actions = (
        await w.s.authz.findAuditEntries({ targetType: 'auth.group', targetId: id, limit: 10 })
      ).entries.map((e) => e.action);
      assert.deepEqual(actions, ['group.delete', 'group.permissions', 'group.rename', 'group.create']);
      const role = (await w.page('root', 'GET', `/admin/groups/${await w.groupId(ROLE_MAINTAINER)}`)).body;
      assert.match(mainText(role), /is a role declared in code/);
      assert.match(mainText(role), /every start of BatteryDB brings them back to the declaration/);
      assert.doesNotMatch(role, /action="\/admin\/groups\/\d+\/permissions"/, 'not even for a superuser');
      const list = mainText((await w.page('viewer', 'GET', '/admin/groups')).body);
      assert.match(list, /Maintainer declared role 1/);
      assert.match(list, /Creating groups: this needs the permission auth\.add_group/);
    });

    test('what can this user do: model permissions with sources, experiments with reasons, after a membership change', async () => {
      const mine = await w.experiment('private', 'Owner’s private cell');
      const url = `/admin/users/${w.ids.reader}/access`;
      const before = mainText((await w.page('root', 'GET', url)).body);
      assert.doesNotMatch(before, /Owner’s private cell/);
      await w.page('root', 'POST', `/admin/users/${w.ids.reader}`, {
        groups: String(await w.groupId(ROLE_MAINTAINER)),
      });
      const after = mainText((await w.page('root', 'GET', url)).body);
      assert.match(after, /Can change experiment batterydb\.change_experiment group “Maintainer”/);
      assert.match(
        after,
        /Owner’s private cell no\. \d+ · private · object permissions yes — member of Maintainer \(every experiment\); Maintainers curate every experiment/,
      );
      const changes = mainText((await w.page('root', 'GET', `${url}?perm=batterydb.delete_experiment`)).body);
      assert.match(changes, /Owner’s private cell/);
      // The manager may not view the owner's private experiment: it is not listed to the manager.
      const asManager = mainText((await w.page('manager', 'GET', url)).body);
      assert.doesNotMatch(asManager, /Owner’s private cell/);
      assert.equal((await w.page('root', 'GET', `${url}?perm=auth.view_user`)).statusCode, 400);
      await w.page('root', 'POST', `/admin/users/${w.ids.reader}`, {
        _groupsShown: String(await w.groupId(ROLE_MAINTAINER)),
      });
      assert.doesNotMatch(mainText((await w.page('root', 'GET', url)).body), /Owner’s private cell/);
      void mine;
    });

    test('object permissions: grant by name until a day, see why, a curated grant listed as not counting, revoke', async () => {
      const id = await w.experiment('private', 'Shared cell');
      const url = `/admin/experiments/${id}/permissions`;
      const granted = await w.page('root', 'POST', `${url}/grant`, {
        kind: 'user',
        name: 'reader',
        permissions: ['batterydb.view_experiment', 'batterydb.change_experiment'],
        expiresAt: '2026-12-31',
      });
      assert.equal(granted.statusCode, 303, mainText(granted.body).slice(0, 300));
      assert.equal(
        await w.s.authz.experiments.hasPerm(w.ids.reader, 'batterydb.change_experiment', id),
        true,
      );
      const page = mainText((await w.page('root', 'GET', url)).body);
      assert.match(page, /reader View, Edit \(while private\) — shared until 2026-12-31/);
      // The share page's words (issue 24): no rule names, no "via".
      assert.match(page, /owner View — the owner/);
      assert.doesNotMatch(page, /rule “|via /);
      // Maintainers are said once, as their group, not also one by one (maya is a Maintainer).
      assert.match(page, /Maintainer \(group\)/);
      assert.doesNotMatch(page, /\bmaya\b/);
      await w.s.authz.experiments.update((await import('kysely')).sql`id = ${id}`, { status: 'public' });
      const published = mainText((await w.page('root', 'GET', url)).body);
      assert.match(published, /Edit \(while private\) until 2026-12-31 does not count now/);
      const revoke = await w.page('root', 'POST', `${url}/revoke`, {
        user: String(w.ids.reader),
        permissions: 'batterydb.change_experiment',
      });
      assert.equal(revoke.statusCode, 303);
      const entries = (
        await w.s.authz.findAuditEntries({ targetType: 'batterydb.experiment', targetId: id, limit: 5 })
      ).entries;
      assert.deepEqual(
        entries.map((e) => e.action),
        ['grant.remove', 'grant.add'],
      );
      const unknown = await w.page('root', 'POST', `${url}/grant`, {
        kind: 'group',
        name: 'Nope',
        permissions: 'batterydb.view_experiment',
      });
      assert.equal(unknown.statusCode, 400);
      assert.match(mainText(unknown.body), /there is no group named “Nope”/);
      const looked = await w.page('root', 'GET', `/admin/experiments/permissions?id=${id}`);
      assert.equal(looked.headers.location, url);
    });

    test('the audit log: filters by actor, target, action and day; hidden entries stay hidden; CSV is complete and safe', async () => {
      const secret = await w.experiment('private', 'Secret cell');
      const group = await w.s.authz.createGroup('=HYPERLINK("http://evil.example")');
      await w.page('root', 'POST', `/admin/experiments/${secret}/permissions/grant`, {
        kind: 'group',
        name: group.name,
        permissions: 'batterydb.view_experiment',
      });
      await w.page('root', 'POST', `/admin/groups/${group.id}/rename`, { name: '@SUM(1+1)' });
      const byRoot = mainText((await w.page('root', 'GET', '/admin/audit?actor=root&action=grant.add')).body);
      assert.match(byRoot, /root grant\.add Secret cell experiment/);
      assert.match(byRoot, /grantee group =HYPERLINK/);
      const about = mainText(
        (
          await w.page(
            'root',
            'GET',
            `/admin/audit?targetType=auth.group&target=${encodeURIComponent('@SUM(1+1)')}`,
          )
        ).body,
      );
      assert.match(about, /group\.rename/);
      assert.match(about, /name =HYPERLINK\("http:\/\/evil\.example"\) → @SUM\(1\+1\)/);
      const unknownActor = await w.page('root', 'GET', '/admin/audit?actor=ghost');
      assert.equal(unknownActor.statusCode, 400);
      assert.match(mainText(unknownActor.body), /there is no user named “ghost”/);
      const future = mainText((await w.page('root', 'GET', '/admin/audit?since=2030-01-01')).body);
      assert.match(future, /No entry matches/);
      // The viewer may not view the secret experiment: its entries are not there, nor in the CSV.
      const viewer = mainText((await w.page('viewer', 'GET', '/admin/audit?action=grant.add')).body);
      assert.doesNotMatch(viewer, /Secret cell/);
      const csv = await w.page('viewer', 'GET', '/admin/audit.csv');
      assert.equal(csv.statusCode, 200);
      assert.match(String(csv.headers['content-type']), /^text\/csv/);
      assert.match(String(csv.headers['content-disposition']), /attachment; filename="batterydb-audit.csv"/);
      assert.doesNotMatch(csv.body, /Secret cell|grant\.add/);
      const all = await w.page('root', 'GET', '/admin/audit.csv');
      const lines = all.body.trim().split('\r\n');
      assert.equal(lines[0], 'id,at,actor,action,target type,target id,target,before,after,client address');
      const total = (await w.s.authz.findAuditEntries({ limit: 100 })).entries.length;
      assert.equal(lines.length, total + 1, 'every entry, once');
      const rename = lines.find((l) => l.includes('group.rename'))!;
      assert.match(rename, /,'@SUM\(1\+1\),/, 'a cell starting with @ is quoted against formulas');
      assert.match(
        rename,
        /,"\{""name"":""=HYPERLINK\(\\""http/,
        'JSON starts with {: one quoted cell, no formula',
      );
      assert.doesNotMatch(all.body, /(^|,)[=+@-]/m, 'no cell starts a formula');
    });
  });
}
